using Microsoft.ML.XlmRoberta.Classification;
using Microsoft.ML.XlmRoberta.DataView;

namespace Microsoft.ML.XlmRoberta;

/// <summary>
/// The fitted <c>ClassifyXlmRoberta</c> transform: adds <c>Logits</c>, <c>Score</c> (slot-named by label) and
/// <c>PredictedLabel</c>. Owns its ONNX Runtime session (dispose it when done; see <see cref="XlmRobertaTransformer"/>).
/// </summary>
public sealed class ClassifyXlmRobertaTransformer : XlmRobertaTransformer
{
    /// <summary>The task name in saved settings.</summary>
    internal const string TaskName = "Classify";

    /// <summary>The custom-mapping contract of the saved form.</summary>
    internal const string SavedContract = "XlmRoberta.SequenceClassification";

    private ClassifyXlmRobertaTransformer(ClassifyXlmRobertaOptions options, SequenceClassificationMapper mapper)
        : base(SavedSettings.Of(TaskName, options), options.ModelFolder, new ColumnBinding(options.InputColumnName, options.PairColumnName, mapper.Outputs), mapper, options.ReadAheadRows)
    {
    }

    private protected override string Contract => SavedContract;

    /// <summary>Loads the model of validated <paramref name="options"/> and makes the transformer that owns it.</summary>
    internal static ClassifyXlmRobertaTransformer Load(ClassifyXlmRobertaOptions options) =>
        LoadWithEncoder(options, encoder => new ClassifyXlmRobertaTransformer(options, new SequenceClassificationMapper(encoder, options)));
}

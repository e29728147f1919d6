using Microsoft.ML.XlmRoberta.DataView;
using Microsoft.ML.XlmRoberta.MultipleChoice;

namespace Microsoft.ML.XlmRoberta;

/// <summary>
/// The fitted <c>ChooseXlmRoberta</c> transform: adds <c>Logits</c> and <c>Score</c> (one value per choice) and
/// <c>PredictedIndex</c>. Owns its ONNX Runtime session (dispose it when done; see <see cref="XlmRobertaTransformer"/>).
/// </summary>
public sealed class ChooseXlmRobertaTransformer : XlmRobertaTransformer
{
    /// <summary>The task name in saved settings.</summary>
    internal const string TaskName = "Choose";

    /// <summary>The custom-mapping contract of the saved form.</summary>
    internal const string SavedContract = "XlmRoberta.MultipleChoice";

    private ChooseXlmRobertaTransformer(ChooseXlmRobertaOptions options, MultipleChoiceMapper mapper)
        : base(
            SavedSettings.Of(TaskName, options), options.ModelFolder,
            new ColumnBinding(options.InputColumnName, options.PairColumnName, mapper.Outputs, pairIsList: true), mapper, options.ReadAheadRows)
    {
    }

    /// <summary>The choices column read (a vector of text).</summary>
    public string ChoicesColumnName => TextPairColumnName!;

    private protected override string Contract => SavedContract;

    /// <summary>Loads the model of validated <paramref name="options"/> and makes the transformer that owns it.</summary>
    internal static ChooseXlmRobertaTransformer Load(ChooseXlmRobertaOptions options) =>
        LoadWithEncoder(options, encoder => new ChooseXlmRobertaTransformer(options, new MultipleChoiceMapper(encoder, options)), multipleChoice: true);
}

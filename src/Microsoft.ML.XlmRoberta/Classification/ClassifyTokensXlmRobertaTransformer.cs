using Microsoft.ML.XlmRoberta.Classification;
using Microsoft.ML.XlmRoberta.DataView;

namespace Microsoft.ML.XlmRoberta;

/// <summary>
/// The fitted <c>ClassifyTokensXlmRoberta</c> transform: adds per-token tokens, labels, scores and offsets. Owns its
/// ONNX Runtime session (dispose it when done; see <see cref="XlmRobertaTransformer"/>).
/// </summary>
public sealed class ClassifyTokensXlmRobertaTransformer : XlmRobertaTransformer
{
    /// <summary>The task name in saved settings.</summary>
    internal const string TaskName = "ClassifyTokens";

    /// <summary>The custom-mapping contract of the saved form.</summary>
    internal const string SavedContract = "XlmRoberta.TokenClassification";

    private ClassifyTokensXlmRobertaTransformer(ClassifyTokensXlmRobertaOptions options, TokenClassificationMapper mapper)
        : base(SavedSettings.Of(TaskName, options), options.ModelFolder, new ColumnBinding(options.InputColumnName, null, mapper.Outputs), mapper, options.ReadAheadRows)
    {
    }

    private protected override string Contract => SavedContract;

    /// <summary>Loads the model of validated <paramref name="options"/> and makes the transformer that owns it.</summary>
    internal static ClassifyTokensXlmRobertaTransformer Load(ClassifyTokensXlmRobertaOptions options) =>
        LoadWithEncoder(options, encoder => new ClassifyTokensXlmRobertaTransformer(options, new TokenClassificationMapper(encoder, options)));
}

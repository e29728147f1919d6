using Microsoft.ML.XlmRoberta.DataView;
using Microsoft.ML.XlmRoberta.Tokenization;

namespace Microsoft.ML.XlmRoberta;

/// <summary>
/// The fitted <c>TokenizeXlmRoberta</c> transform: adds <c>input_ids</c>, <c>attention_mask</c> and optionally the
/// tokens. It holds the tokenizer only (no ONNX Runtime session); after <see cref="XlmRobertaTransformer.Dispose"/> it
/// refuses work like the other transforms.
/// </summary>
public sealed class TokenizeXlmRobertaTransformer : XlmRobertaTransformer
{
    /// <summary>The task name in saved settings.</summary>
    internal const string TaskName = "Tokenize";

    /// <summary>The custom-mapping contract of the saved form.</summary>
    internal const string SavedContract = "XlmRoberta.Tokenize";

    // Tokenization gains nothing from a read-ahead window: a cursor maps one row at a time.
    private const int WindowRows = 1;

    private TokenizeXlmRobertaTransformer(TokenizeXlmRobertaOptions options, TokenizationMapper mapper)
        : base(SavedSettings.Of(TaskName, options), options.ModelFolder, new ColumnBinding(options.InputColumnName, options.PairColumnName, mapper.Outputs), mapper, WindowRows)
    {
    }

    private protected override string Contract => SavedContract;

    /// <summary>Loads the tokenizer of validated <paramref name="options"/> and makes the transformer.</summary>
    internal static TokenizeXlmRobertaTransformer Load(TokenizeXlmRobertaOptions options) =>
        new(options, new TokenizationMapper(XlmRobertaTokenizer.FromModelFolder(options.ModelFolder), options));
}

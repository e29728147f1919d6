using Microsoft.ML.XlmRoberta.DataView;
using Microsoft.ML.XlmRoberta.ModelFolder;
using Microsoft.ML.XlmRoberta.Tokenization;

namespace Microsoft.ML.XlmRoberta;

/// <summary>
/// The fitted <c>TokenizeXlmRoberta</c> transform: adds <c>input_ids</c>, <c>attention_mask</c> and optionally the
/// tokens. It reads the model folder as the encoder does (the same tokenizer, checks and maximum length) but holds the
/// tokenizer only (no ONNX Runtime session); after <see cref="XlmRobertaTransformer.Dispose"/> it
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

    /// <summary>Opens the model folder of validated <paramref name="options"/>, loads its tokenizer and makes the transformer.</summary>
    /// <exception cref="XlmRobertaModelException">The folder is incomplete or its files disagree (as for the encoder).</exception>
    internal static TokenizeXlmRobertaTransformer Load(TokenizeXlmRobertaOptions options) =>
        new(options, new TokenizationMapper(XlmRobertaModelFolder.Open(options.ModelFolder), options));
}

using Microsoft.ML.XlmRoberta.DataView;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.ModelFolder;

namespace Microsoft.ML.XlmRoberta.Tokenization;

/// <summary>
/// Text (or pair) to <c>input_ids</c> / <c>attention_mask</c> (variable-size Int64 vectors, as ONNX exports take
/// them) and optionally the token strings. No model is run; the tokenizer is managed memory only.
/// </summary>
internal sealed class TokenizationMapper : TextBatchMapper
{
    public const int InputIdsRole = 0;
    public const int AttentionMaskRole = 1;
    public const int TokensRole = 2;

    private readonly XlmRobertaTokenizer _tokenizer;
    private readonly XlmRobertaEncodeOptions _encodeOptions;

    /// <summary>
    /// Reads the model folder once, as the encoder does (Core's <see cref="XlmRobertaModelFolder"/> and
    /// <see cref="XlmRobertaEncoder.LoadTokenizer"/>): the same tokenizer, checks and maximum length
    /// (<see cref="XlmRobertaModelFolder.MaxSequenceLength"/>, sentence-transformers' <c>max_seq_length</c> included)
    /// unless the options give one.
    /// </summary>
    /// <param name="folder">The opened model folder.</param>
    /// <param name="options">The transform's options.</param>
    public TokenizationMapper(XlmRobertaModelFolder folder, TokenizeXlmRobertaOptions options)
        : base(Columns(options), nameof(TokenizeXlmRobertaTransformer))
    {
        _tokenizer = XlmRobertaEncoder.LoadTokenizer(folder);
        _encodeOptions = new XlmRobertaEncodeOptions { MaxLength = options.MaxSequenceLength ?? folder.MaxSequenceLength, Truncation = true };
    }

    /// <summary>The output roles (they do not depend on the model).</summary>
    public static OutputColumn[] Columns(TokenizeXlmRobertaOptions options)
    {
        string?[] names = options.RoleNames();
        return
        [
            new OutputColumn(names[InputIdsRole], OutputKind.Int64Vector),
            new OutputColumn(names[AttentionMaskRole], OutputKind.Int64Vector),
            new OutputColumn(names[TokensRole], OutputKind.TextVector),
        ];
    }

    protected override void ComputeCore(string[] texts, string[]? pairs, int count, bool[] active, BatchValues values)
    {
        var ids = (long[][])values.Columns[InputIdsRole];
        var mask = (long[][])values.Columns[AttentionMaskRole];
        var tokens = (string[][])values.Columns[TokensRole];
        for (int i = 0; i < count; i++)
        {
            XlmRobertaEncoding encoding = _tokenizer.Encode(texts[i], pairs?[i], _encodeOptions);
            int n = encoding.Count;
            if (active[InputIdsRole])
            {
                var row = new long[n];
                ReadOnlySpan<int> source = encoding.IdsSpan;
                for (int t = 0; t < n; t++)
                {
                    row[t] = source[t];
                }

                ids[i] = row;
            }

            if (active[AttentionMaskRole])
            {
                var row = new long[n];
                row.AsSpan().Fill(1);
                mask[i] = row;
            }

            if (active[TokensRole])
            {
                var row = new string[n];
                for (int t = 0; t < n; t++)
                {
                    row[t] = encoding.Tokens[t];
                }

                tokens[i] = row;
            }
        }
    }

    protected override void Release()
    {
    }
}

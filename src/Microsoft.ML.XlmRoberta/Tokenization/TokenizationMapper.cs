using Microsoft.ML.XlmRoberta.DataView;

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

    private readonly XlmRobertaTokenizer tokenizer;
    private readonly XlmRobertaEncodeOptions encodeOptions;

    public TokenizationMapper(XlmRobertaTokenizer tokenizer, TokenizeXlmRobertaOptions options)
        : base(Columns(options), nameof(TokenizeXlmRobertaTransformer))
    {
        this.tokenizer = tokenizer;
        encodeOptions = new XlmRobertaEncodeOptions { MaxLength = options.MaxSequenceLength ?? tokenizer.ModelMaxLength, Truncation = true };
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
            XlmRobertaEncoding encoding = tokenizer.Encode(texts[i], pairs?[i], encodeOptions);
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

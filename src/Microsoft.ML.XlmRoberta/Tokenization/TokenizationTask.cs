using Microsoft.ML.XlmRoberta.DataView;
using Microsoft.ML.XlmRoberta.Engine;

namespace Microsoft.ML.XlmRoberta.Tokenization;

/// <summary>
/// Text (or pair) to <c>input_ids</c> / <c>attention_mask</c> (variable-size Int64 vectors, as ONNX exports take
/// them) and optionally the token strings. No model is run.
/// </summary>
internal sealed class TokenizationTask : XlmRobertaTask
{
    public const int InputIdsRole = 0;
    public const int AttentionMaskRole = 1;
    public const int TokensRole = 2;

    private readonly XlmRobertaTokenizer tokenizer;
    private readonly XlmRobertaEncodeOptions encodeOptions;

    public TokenizationTask(TaskConfig config)
        : base(config)
    {
        tokenizer = EncoderLoader.Tokenizer(config);
        int max = config.MaxSequenceLength ?? tokenizer.ModelMaxLength;
        encodeOptions = new XlmRobertaEncodeOptions { MaxLength = max, Truncation = true };
        Outputs =
        [
            new OutputColumn(NameOf(InputIdsRole, "input_ids"), OutputKind.Int64Vector),
            new OutputColumn(NameOf(AttentionMaskRole, "attention_mask"), OutputKind.Int64Vector),
            new OutputColumn(NameOf(TokensRole, "tokens"), OutputKind.TextVector),
        ];
    }

    public override IReadOnlyList<OutputColumn> Outputs { get; }

    public override void Compute(string[] texts, string[]? pairs, int count, bool[] active, BatchValues values)
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
}

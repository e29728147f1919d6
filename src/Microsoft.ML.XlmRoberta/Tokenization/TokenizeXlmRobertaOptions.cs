namespace Microsoft.ML.XlmRoberta;

/// <summary>Options of <c>TokenizeXlmRoberta</c>. Tokenization reads only <c>sentencepiece.bpe.model</c> (no ONNX session).</summary>
public sealed class TokenizeXlmRobertaOptions : XlmRobertaTransformOptions
{
    /// <summary>The second text column of pairs (<c>&lt;s&gt; a &lt;/s&gt;&lt;/s&gt; b &lt;/s&gt;</c>), or null.</summary>
    public string? TextPairColumnName { get; set; }

    /// <summary>The longest token sequence, special tokens included; longer texts are truncated. Null: the tokenizer's limit.</summary>
    public int? MaxSequenceLength { get; set; }

    /// <summary>The token-id column: a variable-size <c>Int64</c> vector, as ONNX exports take it (default <c>input_ids</c>).</summary>
    public string InputIdsColumnName { get; set; } = "input_ids";

    /// <summary>The attention-mask column: a variable-size <c>Int64</c> vector of ones (default <c>attention_mask</c>).</summary>
    public string AttentionMaskColumnName { get; set; } = "attention_mask";

    /// <summary>A text-vector column of the SentencePiece tokens, or null (the default) for none.</summary>
    public string? TokensColumnName { get; set; }

    private protected override string? PairColumn => TextPairColumnName;

    private protected override string?[] OutputNames => [InputIdsColumnName, AttentionMaskColumnName, TokensColumnName];

    internal override void Validate()
    {
        base.Validate();
        Require(InputIdsColumnName, nameof(InputIdsColumnName));
        Require(AttentionMaskColumnName, nameof(AttentionMaskColumnName));
        if (MaxSequenceLength is int max)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 3, nameof(MaxSequenceLength));
        }
    }
}

namespace Microsoft.ML.XlmRoberta;

/// <summary>
/// Options of <c>TokenizeXlmRoberta</c>. The model folder is opened as the encoder opens it (<c>config.json</c>, the
/// tokenizer, the ONNX graph's presence, sentence-transformers files) but no ONNX session is created.
/// </summary>
public sealed class TokenizeXlmRobertaOptions : XlmRobertaTransformOptions
{
    /// <summary>The second text column of pairs (<c>&lt;s&gt; a &lt;/s&gt;&lt;/s&gt; b &lt;/s&gt;</c>), or null.</summary>
    public string? TextPairColumnName { get; set; }

    /// <summary>
    /// The longest token sequence, special tokens included; longer texts are truncated. Null: the folder's limit, the one
    /// the encoder uses (<c>max_position_embeddings - 2</c>, lowered to sentence-transformers' <c>max_seq_length</c>).
    /// </summary>
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

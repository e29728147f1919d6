namespace Microsoft.ML.XlmRoberta;

/// <summary>Options of <c>TokenizeXlmRoberta</c>.</summary>
public sealed class XlmRobertaTokenizerOptions : XlmRobertaTransformOptions
{
    /// <summary>The second text column of pairs (<c>&lt;s&gt; a &lt;/s&gt;&lt;/s&gt; b &lt;/s&gt;</c>), or null.</summary>
    public string? TextPairColumnName { get; set; }

    /// <summary>The token-id column: a variable-size <c>Int64</c> vector, as ONNX exports take it (default <c>input_ids</c>).</summary>
    public string InputIdsColumnName { get; set; } = "input_ids";

    /// <summary>The attention-mask column: a variable-size <c>Int64</c> vector of ones (default <c>attention_mask</c>).</summary>
    public string AttentionMaskColumnName { get; set; } = "attention_mask";

    /// <summary>A text-vector column of the SentencePiece tokens, or null (the default) for none.</summary>
    public string? TokensColumnName { get; set; }
}

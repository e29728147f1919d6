namespace Microsoft.ML.XlmRoberta.Encoder;

/// <summary>What happens to an input longer than the model's maximum sequence length (512 tokens for XLM-R).</summary>
public enum LongInputMode
{
    /// <summary>Cut it to the limit, as Hugging Face does with <c>truncation=True</c> (the default).</summary>
    Truncate,

    /// <summary>Throw <see cref="XlmRobertaInputTooLongException"/>, naming the length and the limit.</summary>
    Throw,

    /// <summary>
    /// Split the tokens between <c>&lt;s&gt;</c> and <c>&lt;/s&gt;</c> into overlapping windows that each fit the
    /// limit (overlap <see cref="XlmRobertaEncoderOptions.WindowOverlap"/>), run every window, and combine them:
    /// per-token outputs take each token from the window where it is most central; pooled embeddings are combined
    /// as described on <see cref="Pooling.PoolingMode"/>.
    /// </summary>
    SlidingWindow,
}

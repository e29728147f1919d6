namespace Microsoft.ML.XlmRoberta.Pooling;

/// <summary>
/// How the token vectors of <c>last_hidden_state</c> become one vector. Padding never takes part. With
/// <see cref="Encoder.LongInputMode.SlidingWindow"/>, <see cref="Cls"/> and <see cref="Mean"/> are the mean of the
/// window results weighted by each window's token count, and <see cref="Max"/> is the element-wise maximum over
/// windows; normalization is applied after combining.
/// </summary>
public enum PoolingMode
{
    /// <summary>The vector of the first token (<c>&lt;s&gt;</c>), <c>h[:, 0]</c>.</summary>
    Cls,

    /// <summary>The attention-masked mean, <c>Σ(h·mask) / Σmask</c>.</summary>
    Mean,

    /// <summary>The element-wise maximum over the real tokens.</summary>
    Max,
}

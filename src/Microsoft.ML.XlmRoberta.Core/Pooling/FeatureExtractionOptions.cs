namespace Microsoft.ML.XlmRoberta.Pooling;

/// <summary>What feature extraction returns.</summary>
public sealed class FeatureExtractionOptions
{
    /// <summary>The pooling (default <see cref="PoolingMode.Mean"/>).</summary>
    public PoolingMode Pooling { get; init; } = PoolingMode.Mean;

    /// <summary>L2-normalize the pooled vector: <c>x / max(‖x‖, 1e-12)</c> (default off).</summary>
    public bool Normalize { get; init; }

    /// <summary>Also return every token's vector of <c>last_hidden_state</c> (default off).</summary>
    public bool IncludeTokenEmbeddings { get; init; }
}

namespace Microsoft.ML.XlmRoberta.Pooling;

/// <summary>
/// What feature extraction returns. A setting left <see langword="null"/> takes the model folder's value
/// (its sentence-transformers files), else the library default; a setting given here overrides the folder.
/// </summary>
public sealed class FeatureExtractionOptions
{
    /// <summary>The pooling; <see langword="null"/> means the folder's Pooling module, else <see cref="PoolingMode.Mean"/>.</summary>
    public PoolingMode? Pooling { get; init; }

    /// <summary>
    /// L2-normalize the pooled vector: <c>x / max(‖x‖, 1e-12)</c>; <see langword="null"/> means whether the folder has a
    /// Normalize module, else off.
    /// </summary>
    public bool? Normalize { get; init; }

    /// <summary>
    /// The name of a prompt of the folder's <c>config_sentence_transformers.json</c> (e.g. <c>query</c>) whose prefix is
    /// put before every text; <see langword="null"/> means the folder's <c>default_prompt_name</c>, else no prompt.
    /// </summary>
    public string? Prompt { get; init; }

    /// <summary>Also return every token's vector of <c>last_hidden_state</c> (default off).</summary>
    public bool IncludeTokenEmbeddings { get; init; }
}

using Microsoft.ML.XlmRoberta.Pooling;

namespace Microsoft.ML.XlmRoberta;

/// <summary>
/// Options of <c>EmbedXlmRoberta</c> (sentence embeddings). A setting left <see langword="null"/> takes the model
/// folder's sentence-transformers files (<c>modules.json</c>, the Pooling module, <c>Normalize</c>,
/// <c>config_sentence_transformers.json</c>), as <see cref="FeatureExtractionOptions"/> does; a setting given here
/// overrides the folder.
/// </summary>
public sealed class EmbedXlmRobertaOptions : XlmRobertaInferenceOptions
{
    /// <summary>The embedding column: a fixed-size <c>Single</c> vector of the model's hidden size (default <c>Features</c>).</summary>
    public string OutputColumnName { get; set; } = "Features";

    /// <summary>How token vectors are pooled; <see langword="null"/> (the default) means the folder's Pooling module, else mean over the real tokens.</summary>
    public PoolingMode? Pooling { get; set; }

    /// <summary>L2-normalize the pooled vector; <see langword="null"/> (the default) means whether the folder has a Normalize module, else off.</summary>
    public bool? Normalize { get; set; }

    /// <summary>
    /// The name of a prompt of the folder's <c>config_sentence_transformers.json</c> (e.g. <c>query</c> or
    /// <c>passage</c>) whose prefix is put before every text; <see langword="null"/> (the default) means the folder's
    /// <c>default_prompt_name</c>, else no prompt; <c>""</c> means no prompt even when the folder has a default.
    /// </summary>
    public string? Prompt { get; set; }

    private protected override string?[] OutputNames => [OutputColumnName];
}

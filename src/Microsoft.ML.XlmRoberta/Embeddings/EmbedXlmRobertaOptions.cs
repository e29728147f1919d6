using Microsoft.ML.XlmRoberta.Pooling;

namespace Microsoft.ML.XlmRoberta;

/// <summary>Options of <c>EmbedXlmRoberta</c> (sentence embeddings).</summary>
public sealed class EmbedXlmRobertaOptions : XlmRobertaInferenceOptions
{
    /// <summary>The embedding column: a fixed-size <c>Single</c> vector of the model's hidden size (default <c>Features</c>).</summary>
    public string OutputColumnName { get; set; } = "Features";

    /// <summary>How token vectors are pooled (default mean over the real tokens).</summary>
    public PoolingMode Pooling { get; set; } = PoolingMode.Mean;

    /// <summary>L2-normalize the pooled vector (default off).</summary>
    public bool Normalize { get; set; }

    private protected override string?[] OutputNames => [OutputColumnName];
}

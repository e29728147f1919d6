namespace Microsoft.ML.XlmRoberta.Pooling;

/// <summary>The embedding of one input.</summary>
public sealed class EmbeddingResult
{
    internal EmbeddingResult(float[] embedding, float[]? tokenEmbeddings, int tokenCount)
    {
        Embedding = embedding;
        TokenEmbeddings = tokenEmbeddings;
        TokenCount = tokenCount;
    }

    /// <summary>The pooled (and, if requested, normalized) vector.</summary>
    public float[] Embedding { get; }

    /// <summary>
    /// The token vectors, <c>TokenCount × Dimension</c> row-major, when requested; otherwise <see langword="null"/>.
    /// </summary>
    public float[]? TokenEmbeddings { get; }

    /// <summary>The tokens the input had after truncation (special tokens included).</summary>
    public int TokenCount { get; }

    /// <summary>The vector size (the model's hidden size).</summary>
    public int Dimension => Embedding.Length;
}

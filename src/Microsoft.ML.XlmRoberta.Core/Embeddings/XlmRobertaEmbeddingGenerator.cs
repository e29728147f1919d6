using Microsoft.Extensions.AI;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Pooling;

namespace Microsoft.ML.XlmRoberta.Embeddings;

/// <summary>
/// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> over an <see cref="XlmRobertaFeatureExtractor"/>: texts in,
/// pooled (optionally normalized) vectors out, in input order. Thread-safe.
/// </summary>
public sealed class XlmRobertaEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly bool _ownsEncoder;
    private int _disposed;

    /// <summary>Wraps an extractor.</summary>
    /// <param name="extractor">The extractor; its pooling and normalization apply.</param>
    /// <param name="modelId">The model id reported in metadata and on each embedding; <see langword="null"/> uses the folder name.</param>
    /// <param name="ownsEncoder">Whether <see cref="Dispose"/> disposes the extractor's encoder.</param>
    public XlmRobertaEmbeddingGenerator(XlmRobertaFeatureExtractor extractor, string? modelId = null, bool ownsEncoder = false)
    {
        Extractor = extractor ?? throw new ArgumentNullException(nameof(extractor));
        _ownsEncoder = ownsEncoder;
        ModelId = modelId ?? Path.GetFileName(extractor.Encoder.Folder.Folder);
        Metadata = new EmbeddingGeneratorMetadata("Microsoft.ML.XlmRoberta", null, ModelId, extractor.Dimension);
    }

    /// <summary>The <see cref="EmbeddingGenerationOptions.AdditionalProperties"/> key naming a prompt: <c>prompt</c>.</summary>
    public const string PromptProperty = "prompt";

    /// <summary>The extractor doing the work.</summary>
    public XlmRobertaFeatureExtractor Extractor { get; }

    /// <summary>The model id reported on embeddings.</summary>
    public string ModelId { get; }

    /// <summary>Provider name, model id and dimensions.</summary>
    public EmbeddingGeneratorMetadata Metadata { get; }

    /// <summary>Loads a model folder and owns it.</summary>
    /// <param name="folder">The model folder.</param>
    /// <param name="encoderOptions">Loading options.</param>
    /// <param name="featureOptions">
    /// Pooling options; <see langword="null"/> means the folder's sentence-transformers pooling, normalization and default
    /// prompt, and for a folder without them mean pooling, L2-normalized.
    /// </param>
    public static XlmRobertaEmbeddingGenerator Load(
        string folder, XlmRobertaEncoderOptions? encoderOptions = null, FeatureExtractionOptions? featureOptions = null)
    {
        XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(folder, encoderOptions);
        try
        {
            var extractor = new XlmRobertaFeatureExtractor(
                encoder, featureOptions ?? new FeatureExtractionOptions { Normalize = encoder.Folder.SentenceTransformers is null ? true : null });
            return new XlmRobertaEmbeddingGenerator(extractor, ownsEncoder: true);
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Embeds texts. <see cref="EmbeddingGenerationOptions.AdditionalProperties"/> may name a prompt of the folder under
    /// <see cref="PromptProperty"/> (e.g. <c>query</c>); otherwise the extractor's default prompt, if any, applies.
    /// </summary>
    /// <param name="values">The texts.</param>
    /// <param name="options">Generation options.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <exception cref="ObjectDisposedException">The generator is disposed.</exception>
    /// <exception cref="ArgumentException">The dimensions differ from the model's, or the prompt is not the folder's.</exception>
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentNullException.ThrowIfNull(values);
        if (options?.Dimensions is int dimensions && dimensions != Extractor.Dimension)
        {
            throw new ArgumentException($"This model produces {Extractor.Dimension}-dimensional embeddings, not {dimensions}.", nameof(options));
        }

        string[] texts = values as string[] ?? [.. values];
        string? prompt = options?.AdditionalProperties?.TryGetValue(PromptProperty, out object? value) == true ? value as string : null;
        EmbeddingResult[] results = await Task.Run(
            () => prompt is null ? Extractor.Embed(texts, cancellationToken) : Extractor.Embed(texts, prompt, cancellationToken), cancellationToken).ConfigureAwait(false);
        var embeddings = new GeneratedEmbeddings<Embedding<float>>(results.Length);
        DateTimeOffset created = DateTimeOffset.UtcNow;
        foreach (EmbeddingResult result in results)
        {
            embeddings.Add(new Embedding<float>(result.Embedding) { ModelId = ModelId, CreatedAt = created });
        }

        return embeddings;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        return serviceType == typeof(EmbeddingGeneratorMetadata) ? Metadata
            : serviceType.IsInstanceOfType(this) ? this
            : serviceType.IsInstanceOfType(Extractor) ? Extractor
            : serviceType.IsInstanceOfType(Extractor.Encoder) ? Extractor.Encoder
            : null;
    }

    /// <summary>
    /// Refuses further work (<see cref="ObjectDisposedException"/>) and, when this generator owns the encoder, disposes
    /// it, which waits for the calls in flight.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _ownsEncoder)
        {
            Extractor.Encoder.Dispose();
        }
    }
}

using System.Runtime.CompilerServices;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Tokenization;

namespace Microsoft.ML.XlmRoberta.Pooling;

/// <summary>
/// Sentence embeddings from <c>last_hidden_state</c> (Hugging Face's feature-extraction pipeline plus pooling).
/// Thread-safe: one instance serves concurrent callers.
/// </summary>
public sealed class XlmRobertaFeatureExtractor
{
    private readonly string outputName;

    /// <summary>Creates the extractor over a loaded encoder (which the caller keeps owning).</summary>
    /// <param name="encoder">The encoder.</param>
    /// <param name="options">Pooling options; <see langword="null"/> for mean pooling without normalization.</param>
    /// <exception cref="ModelFolder.XlmRobertaModelException">The graph has no per-token float output hidden_size wide.</exception>
    public XlmRobertaFeatureExtractor(XlmRobertaEncoder encoder, FeatureExtractionOptions? options = null)
    {
        Encoder = encoder ?? throw new ArgumentNullException(nameof(encoder));
        Options = options ?? new FeatureExtractionOptions();
        int hidden = encoder.Config.HiddenSize;
        outputName = encoder.SelectOutput("feature-extraction", 3, hidden, $"hidden_size {hidden} values per token ('{encoder.Config.Path}')", "last_hidden_state");
    }

    /// <summary>The encoder this extractor runs.</summary>
    public XlmRobertaEncoder Encoder { get; }

    /// <summary>The pooling options.</summary>
    public FeatureExtractionOptions Options { get; }

    /// <summary>The embedding size.</summary>
    public int Dimension => Encoder.Config.HiddenSize;

    /// <summary>Embeds texts; results are in input order.</summary>
    /// <param name="texts">The texts (an empty string is just <c>&lt;s&gt; &lt;/s&gt;</c>).</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    public EmbeddingResult[] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        return Run(Encoder.TokenizeToIds(texts), cancellationToken);
    }

    /// <summary>Embeds already tokenized inputs (ids with <c>&lt;s&gt;</c> and <c>&lt;/s&gt;</c>); results are in input order.</summary>
    /// <param name="inputIds">One id list per input.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    public EmbeddingResult[] EmbedIds(IReadOnlyList<IReadOnlyList<int>> inputIds, CancellationToken cancellationToken = default) =>
        Run(InputConversion.ToArrays(inputIds), cancellationToken);

    /// <summary>Embeds tokenizer encodings; results are in input order.</summary>
    /// <param name="encodings">The encodings.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    public EmbeddingResult[] EmbedEncodings(IReadOnlyList<XlmRobertaEncoding> encodings, CancellationToken cancellationToken = default) =>
        Run(InputConversion.ToArrays(encodings), cancellationToken);

    /// <summary>
    /// Embeds a lazily consumed sequence of texts in chunks of <see cref="XlmRobertaEncoderOptions.StreamingChunkSize"/>,
    /// yielding results in input order; memory stays flat however many texts there are.
    /// </summary>
    /// <param name="texts">The texts, read one chunk ahead of the results.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    public IEnumerable<EmbeddingResult> EmbedStream(IEnumerable<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return Streaming.Chunked(texts, Encoder.Options.StreamingChunkSize, Embed, cancellationToken);
    }

    /// <summary>Like <see cref="EmbedStream(IEnumerable{string}, CancellationToken)"/> for token-id inputs.</summary>
    /// <param name="inputIds">The inputs, read one chunk ahead of the results.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    public IEnumerable<EmbeddingResult> EmbedIdsStream(IEnumerable<IReadOnlyList<int>> inputIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputIds);
        return Streaming.Chunked(inputIds, Encoder.Options.StreamingChunkSize, EmbedIds, cancellationToken);
    }

    /// <summary>Asynchronous streaming: embeds texts as they arrive, chunk by chunk, yielding results in order.</summary>
    /// <param name="texts">The texts.</param>
    /// <param name="cancellationToken">Checked between batches and while waiting for input.</param>
    public async IAsyncEnumerable<EmbeddingResult> EmbedStreamAsync(
        IAsyncEnumerable<string> texts, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        int chunkSize = Encoder.Options.StreamingChunkSize;
        var chunk = new List<string>(chunkSize);
        await foreach (string text in texts.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            chunk.Add(text);
            if (chunk.Count == chunkSize)
            {
                string[] work = [.. chunk];
                chunk.Clear();
                EmbeddingResult[] results = await Task.Run(() => Embed(work, cancellationToken), cancellationToken).ConfigureAwait(false);
                foreach (EmbeddingResult result in results)
                {
                    yield return result;
                }
            }
        }

        if (chunk.Count > 0)
        {
            foreach (EmbeddingResult result in Embed(chunk, cancellationToken))
            {
                yield return result;
            }
        }
    }

    private EmbeddingResult[] Run(int[][] ids, CancellationToken cancellationToken)
    {
        if (ids.Length == 0)
        {
            return [];
        }

        List<Segment> segments = Encoder.Segment(ids);
        var sink = new FeatureExtractionSink(ids.Length, Encoder.Config.HiddenSize, Encoder.Folder.OnnxPath, outputName, Options);
        Encoder.Run(segments, outputName, sink, cancellationToken);
        return sink.Complete();
    }
}

using System.Runtime.CompilerServices;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.ModelFolder;
using Microsoft.ML.XlmRoberta.Tokenization;

namespace Microsoft.ML.XlmRoberta.Pooling;

/// <summary>
/// Sentence embeddings from <c>last_hidden_state</c> (Hugging Face's feature-extraction pipeline plus pooling).
/// Thread-safe: one instance serves concurrent callers.
/// </summary>
public sealed class XlmRobertaFeatureExtractor
{
    private readonly string _outputName;
    private readonly string? _promptPrefix;

    /// <summary>Creates the extractor over a loaded encoder (which the caller keeps owning).</summary>
    /// <param name="encoder">The encoder.</param>
    /// <param name="options">
    /// Pooling options; <see langword="null"/> (or a setting left null) takes the folder's sentence-transformers pooling,
    /// normalization and default prompt, else mean pooling without normalization or prompt.
    /// </param>
    /// <exception cref="ModelFolder.XlmRobertaModelException">The graph has no per-token float output hidden_size wide.</exception>
    /// <exception cref="ArgumentException"><see cref="FeatureExtractionOptions.Prompt"/> names a prompt the folder does not define.</exception>
    public XlmRobertaFeatureExtractor(XlmRobertaEncoder encoder, FeatureExtractionOptions? options = null)
    {
        Encoder = encoder ?? throw new ArgumentNullException(nameof(encoder));
        Options = options ?? new FeatureExtractionOptions();
        SentenceTransformersConfig? folder = encoder.Folder.SentenceTransformers;
        Pooling = Options.Pooling ?? folder?.Pooling ?? PoolingMode.Mean;
        Normalize = Options.Normalize ?? folder?.Normalize ?? false;
        string? prompt = Options.Prompt ?? folder?.DefaultPromptName;
        _promptPrefix = prompt is null ? null : PromptPrefix(prompt);
        int hidden = encoder.Config.HiddenSize;
        _outputName = encoder.SelectOutput("feature-extraction", 3, hidden, $"hidden_size {hidden} values per token ('{encoder.Config.Path}')", "last_hidden_state");
    }

    /// <summary>The encoder this extractor runs.</summary>
    public XlmRobertaEncoder Encoder { get; }

    /// <summary>The pooling options as given.</summary>
    public FeatureExtractionOptions Options { get; }

    /// <summary>The pooling in use: the options', else the folder's, else mean.</summary>
    public PoolingMode Pooling { get; }

    /// <summary>Whether vectors are L2-normalized: the options' choice, else the folder's, else not.</summary>
    public bool Normalize { get; }

    /// <summary>The embedding size.</summary>
    public int Dimension => Encoder.Config.HiddenSize;

    /// <summary>Embeds texts (each behind the default prompt, if any); results are in input order.</summary>
    /// <param name="texts">The texts (an empty string is just <c>&lt;s&gt; &lt;/s&gt;</c>).</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    public EmbeddingResult[] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        EmbedPrefixed(texts, _promptPrefix, cancellationToken);

    /// <summary>
    /// Embeds texts behind the prefix of the folder's prompt <paramref name="prompt"/> (e.g. <c>query</c> →
    /// <c>"query: "</c>), as sentence-transformers' <c>encode(prompt_name=...)</c> does; results are in input order.
    /// </summary>
    /// <param name="texts">The texts.</param>
    /// <param name="prompt">A prompt name of the folder's <c>config_sentence_transformers.json</c>.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <exception cref="ArgumentException">The folder defines no such prompt.</exception>
    public EmbeddingResult[] Embed(IReadOnlyList<string> texts, string prompt, CancellationToken cancellationToken = default) =>
        EmbedPrefixed(texts, PromptPrefix(prompt), cancellationToken);

    /// <summary>Embeds already tokenized inputs (ids with <c>&lt;s&gt;</c> and <c>&lt;/s&gt;</c>); results are in input order.</summary>
    /// <param name="inputIds">One id list per input.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    public EmbeddingResult[] EmbedIds(IReadOnlyList<IReadOnlyList<int>> inputIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputIds);
        return Run(Encoder.Segment(InputConversion.ToArrays(inputIds)), inputIds.Count, cancellationToken);
    }

    /// <summary>Embeds tokenizer encodings (no prompt is added); results are in input order.</summary>
    /// <param name="encodings">The encodings.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    public EmbeddingResult[] EmbedEncodings(IReadOnlyList<XlmRobertaEncoding> encodings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(encodings);
        return Run(Encoder.Segment(encodings), encodings.Count, cancellationToken);
    }

    /// <summary>Puts the default prompt's prefix (if any) before each text; the texts themselves when there is none.</summary>
    /// <param name="texts">The texts.</param>
    public IReadOnlyList<string> ApplyPrompt(IReadOnlyList<string> texts) => Prefixed(texts, _promptPrefix);

    private static IReadOnlyList<string> Prefixed(IReadOnlyList<string> texts, string? prefix)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (string.IsNullOrEmpty(prefix))
        {
            return texts;
        }

        var prefixed = new string[texts.Count];
        for (int i = 0; i < prefixed.Length; i++)
        {
            prefixed[i] = prefix + (texts[i] ?? throw new ArgumentNullException(nameof(texts), $"Text {i} is null."));
        }

        return prefixed;
    }

    private string PromptPrefix(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        SentenceTransformersConfig folder = Encoder.Folder.SentenceTransformers
            ?? throw new ArgumentException($"The prompt '{prompt}' needs a sentence-transformers folder; '{Encoder.Folder.Folder}' has no {SentenceTransformersConfig.ModulesFile}.", nameof(prompt));
        return folder.Prompt(prompt);
    }

    private EmbeddingResult[] EmbedPrefixed(IReadOnlyList<string> texts, string? prefix, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> inputs = Prefixed(texts, prefix);
        return Run(Encoder.SegmentTexts(inputs), inputs.Count, cancellationToken);
    }

    /// <summary>
    /// Embeds a lazily consumed sequence of texts in chunks of <see cref="XlmRobertaEncoderOptions.StreamingChunkSize"/>,
    /// yielding results in input order; memory stays flat however many texts there are.
    /// </summary>
    /// <param name="texts">The texts, read one chunk ahead of the results.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    public IEnumerable<EmbeddingResult> EmbedStream(IEnumerable<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return ReadAhead(texts, text => Encoder.Tokenize(ApplyPrompt([text])[0]).Count, Embed, cancellationToken);
    }

    /// <summary>Like <see cref="EmbedStream(IEnumerable{string}, CancellationToken)"/> for token-id inputs.</summary>
    /// <param name="inputIds">The inputs, read one chunk ahead of the results.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    public IEnumerable<EmbeddingResult> EmbedIdsStream(IEnumerable<IReadOnlyList<int>> inputIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputIds);
        return ReadAhead(inputIds, ids => ids.Count, EmbedIds, cancellationToken);
    }

    /// <summary>The streams' route: chunks of <see cref="XlmRobertaEncoderOptions.StreamingChunkSize"/>, read ahead by <see cref="XlmRobertaEncoderOptions.StreamingReadAhead"/>.</summary>
    private IEnumerable<EmbeddingResult> ReadAhead<TInput>(
        IEnumerable<TInput> inputs, Func<TInput, int> tokenCount, Func<IReadOnlyList<TInput>, CancellationToken, EmbeddingResult[]> embed, CancellationToken cancellationToken)
    {
        XlmRobertaEncoderOptions options = Encoder.Options;
        int PlannedLength(TInput input)
        {
            try
            {
                return Encoder.PlannedLength(tokenCount(input));
            }
            catch (ArgumentException)
            {
                return -1;
            }
        }

        return Streaming.ReadAhead(
            inputs, options.StreamingChunkSize, options.StreamingReadAhead, PlannedLength, options.MaxBatchSize, options.MaxTokensPerBatch, embed, cancellationToken);
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

    private EmbeddingResult[] Run(List<Segment> segments, int count, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return [];
        }

        var sink = new FeatureExtractionSink(count, Encoder.Config.HiddenSize, Encoder.Folder.OnnxPath, _outputName, Pooling, Normalize, Options.IncludeTokenEmbeddings);
        Encoder.Run(segments, _outputName, sink, cancellationToken);
        return sink.Complete();
    }
}

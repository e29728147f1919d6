using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.XlmRoberta.ModelFolder;
using Microsoft.ML.XlmRoberta.Tokenization;

namespace Microsoft.ML.XlmRoberta.Encoder;

/// <summary>
/// A loaded XLM-R model folder: configuration, tokenizer and one ONNX Runtime session that serves concurrent
/// callers. The task APIs (feature extraction, classification, fill-mask, embeddings) run on top of it.
/// </summary>
public sealed class XlmRobertaEncoder : IDisposable
{
    private readonly InferenceSession session;
    private readonly BatchRunner runner;
    private readonly Lazy<XlmRobertaTokenizer> tokenizer;
    private readonly XlmRobertaEncodeOptions encodeOptions;
    private int disposed;

    [ThreadStatic]
    private static List<int>? idScratch;

    private XlmRobertaEncoder(XlmRobertaModelFolder folder, XlmRobertaEncoderOptions options)
    {
        Folder = folder;
        Options = options;
        int limit = folder.Config.MaxSequenceLength;
        if (options.MaxSequenceLength is int requested && requested > limit)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), $"MaxSequenceLength {requested} exceeds the model's limit of {limit} ('{folder.Config.Path}').");
        }

        MaxSequenceLength = options.MaxSequenceLength ?? limit;
        try
        {
            session = OnnxSessionFactory.Create(folder.OnnxPath, options, out ExecutionProvider active);
            ExecutionProvider = active;
        }
        catch (OnnxRuntimeException e)
        {
            throw new XlmRobertaModelException($"ONNX Runtime cannot load '{folder.OnnxPath}': {e.Message}", folder.OnnxPath, e);
        }

        try
        {
            Signature = ModelSignature.Discover(session, folder.OnnxPath);
        }
        catch
        {
            session.Dispose();
            throw;
        }

        runner = new BatchRunner(session, Signature, folder.Config.PadTokenId, options);
        tokenizer = new Lazy<XlmRobertaTokenizer>(() => XlmRobertaTokenizer.FromModelFolder(folder.Folder));
        encodeOptions = new XlmRobertaEncodeOptions
        {
            MaxLength = MaxSequenceLength,
            Truncation = options.LongInputMode == LongInputMode.Truncate,
        };
    }

    /// <summary>The model folder's files.</summary>
    public XlmRobertaModelFolder Folder { get; }

    /// <summary>The model's <c>config.json</c>.</summary>
    public XlmRobertaConfig Config => Folder.Config;

    /// <summary>The options the encoder was loaded with.</summary>
    public XlmRobertaEncoderOptions Options { get; }

    /// <summary>The inputs and outputs discovered from the ONNX graph.</summary>
    public ModelSignature Signature { get; }

    /// <summary>The execution provider actually in use (CPU after a permitted fallback).</summary>
    public ExecutionProvider ExecutionProvider { get; }

    /// <summary>The longest sequence fed to the model, special tokens included.</summary>
    public int MaxSequenceLength { get; }

    /// <summary>The tokenizer of the model folder (loaded on first use).</summary>
    public XlmRobertaTokenizer Tokenizer => tokenizer.Value;

    /// <summary>Counters of all work done so far.</summary>
    public EncoderStatistics Statistics => runner.Statistics;

    /// <summary>Loads a Hugging Face model folder.</summary>
    /// <param name="folder">The folder holding <c>config.json</c>, <c>sentencepiece.bpe.model</c> and the ONNX graph.</param>
    /// <param name="options">Loading and run options; <see langword="null"/> for the defaults.</param>
    /// <exception cref="XlmRobertaModelException">A file is missing or the graph is not an XLM-R encoder.</exception>
    /// <exception cref="ExecutionProviderUnavailableException">The requested provider is unavailable and fallback is off.</exception>
    public static XlmRobertaEncoder Load(string folder, XlmRobertaEncoderOptions? options = null)
    {
        options ??= new XlmRobertaEncoderOptions();
        options.Validate();
        return new XlmRobertaEncoder(XlmRobertaModelFolder.Open(folder, options.OnnxFile), options);
    }

    /// <summary>Tokenizes a text (or a pair) the way the encoder feeds it to the model.</summary>
    /// <param name="text">The text.</param>
    /// <param name="textPair">The second text of a pair, or <see langword="null"/>.</param>
    public XlmRobertaEncoding Tokenize(string text, string? textPair = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Tokenizer.Encode(text, textPair, encodeOptions);
    }

    /// <summary>Tokenizes texts (and, where given, their pairs) the way the encoder feeds them to the model.</summary>
    /// <param name="texts">The texts.</param>
    /// <param name="textPairs"><see langword="null"/> for single texts; else one second text (or null) per text.</param>
    public XlmRobertaEncoding[] Tokenize(IReadOnlyList<string> texts, IReadOnlyList<string?>? textPairs = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (textPairs is not null && textPairs.Count != texts.Count)
        {
            throw new ArgumentException($"{textPairs.Count} text pairs for {texts.Count} texts.", nameof(textPairs));
        }

        var encodings = new XlmRobertaEncoding[texts.Count];
        for (int i = 0; i < encodings.Length; i++)
        {
            encodings[i] = Tokenize(texts[i], textPairs?[i]);
        }

        return encodings;
    }

    /// <summary>
    /// Runs already tokenized inputs and returns each input's raw output, in input order: for a per-token output
    /// (rank 3) <c>length × width</c> floats row-major (padding excluded; windows of long inputs stitched, each token
    /// from the window where it is most central), for a per-sequence output (rank 2) <c>width</c> floats.
    /// </summary>
    /// <param name="inputIds">One id list per input, special tokens included.</param>
    /// <param name="outputName">The graph output to read; <see langword="null"/> for the first float output.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    public float[][] GetOutputs(IReadOnlyList<IReadOnlyList<int>> inputIds, string? outputName = null, CancellationToken cancellationToken = default)
    {
        int[][] ids = InputConversion.ToArrays(inputIds);
        string name = outputName ?? FirstOutput();
        if (!Signature.OutputRanks.TryGetValue(name, out int rank))
        {
            throw new XlmRobertaModelException($"'{Folder.OnnxPath}' has no float32 output '{name}'.", Folder.OnnxPath);
        }

        if (ids.Length == 0)
        {
            return [];
        }

        var sink = new RawOutputSink(ids.Length, name) { PerToken = rank == 3 };
        Run(Segment(ids), name, sink, cancellationToken);
        return sink.Complete();
    }

    /// <summary>
    /// Tokenizes a text to ids only (the tokenizer's allocation-free path), with <c>&lt;s&gt;</c> and <c>&lt;/s&gt;</c>
    /// and without truncation; the encoder truncates, rejects or windows it according to <see cref="LongInputMode"/>,
    /// which gives the same ids as the tokenizer's own truncation.
    /// </summary>
    /// <param name="text">The text.</param>
    public int[] TokenizeToIds(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        List<int> ids = idScratch ??= new List<int>(256);
        ids.Clear();
        Tokenizer.EncodeToIds(text, ids);
        return [.. ids];
    }

    /// <summary>Tokenizes texts to ids only, as <see cref="TokenizeToIds(string)"/> does for one.</summary>
    /// <param name="texts">The texts.</param>
    public int[][] TokenizeToIds(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var ids = new int[texts.Count][];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = TokenizeToIds(texts[i]);
        }

        return ids;
    }

    /// <summary>Releases the ONNX Runtime session and its native memory.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            session.Dispose();
        }
    }

    private string FirstOutput()
    {
        foreach (string name in Signature.OutputRanks.Keys)
        {
            return name;
        }

        throw new XlmRobertaModelException($"'{Folder.OnnxPath}' has no float32 output.", Folder.OnnxPath);
    }

    internal List<Segment> Segment(int[][] inputs)
    {
        var segments = new List<Segment>(inputs.Length);
        for (int i = 0; i < inputs.Length; i++)
        {
            Encoder.Segmenter.Add(segments, i, inputs[i], MaxSequenceLength, Options.LongInputMode, Options.WindowOverlap);
        }

        return segments;
    }

    internal void Run(IReadOnlyList<Segment> segments, string outputName, SegmentSink sink, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        runner.Run(segments, outputName, sink, cancellationToken);
    }
}

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
    private readonly InferenceSession _session;
    private readonly BatchRunner _runner;
    private readonly XlmRobertaTokenizer _tokenizer;
    private readonly XlmRobertaEncodeOptions _encodeOptions;
    private readonly InFlightGuard _guard = new();

    [ThreadStatic]
    private static List<int>? _idScratch;

    private XlmRobertaEncoder(XlmRobertaModelFolder folder, XlmRobertaEncoderOptions options, bool multipleChoice)
    {
        Folder = folder;
        Options = options;
        int limit = folder.Config.MaxSequenceLength;
        if (options.MaxSequenceLength is int requested && requested > limit)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), $"MaxSequenceLength {requested} exceeds the model's limit of {limit} ('{folder.Config.Path}').");
        }

        // The one maximum length: the options', else the folder's (position limit or sentence-transformers' max_seq_length).
        MaxSequenceLength = options.MaxSequenceLength ?? folder.MaxSequenceLength;

        // Everything is checked here, before any output is produced: the tokenizer files, the graph, and that the
        // graph, config.json and the tokenizer agree.
        // The tokenizer loads on a pool thread while ONNX Runtime builds the session (both take a while, and the
        // session build is single-threaded). A tokenizer error still wins: it is reported as if it came first.
        Task<XlmRobertaTokenizer> tokenizer = Task.Run(() => LoadTokenizer(folder));
        InferenceSession session;
        ExecutionProvider active;
        try
        {
            session = ModelLoadChecks.CreateSession(folder.OnnxPath, options, out active);
        }
        catch
        {
            // Observe the tokenizer's outcome; its error takes precedence, as when the two loaded one after the other.
            _ = tokenizer.GetAwaiter().GetResult();
            throw;
        }

        try
        {
            _tokenizer = tokenizer.GetAwaiter().GetResult();
        }
        catch
        {
            session.Dispose();
            throw;
        }

        _session = session;
        ExecutionProvider = active;
        try
        {
            Signature = ModelLoadChecks.DiscoverSignature(_session, folder, multipleChoice);
        }
        catch
        {
            _session.Dispose();
            throw;
        }

        VocabularySize = folder.Config.VocabularySize ?? _tokenizer.VocabularySize;
        _runner = new BatchRunner(_session, Signature, folder.PadTokenId, folder.OnnxPath, options);
        _encodeOptions = new XlmRobertaEncodeOptions
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

    /// <summary>
    /// The longest sequence fed to the model, special tokens included: <see cref="XlmRobertaEncoderOptions.MaxSequenceLength"/>,
    /// else the folder's <see cref="XlmRobertaModelFolder.MaxSequenceLength"/>. The tokenizer's <c>model_max_length</c> is not used.
    /// </summary>
    public int MaxSequenceLength { get; }

    /// <summary>The id padding positions hold (<see cref="XlmRobertaModelFolder.PadTokenId"/>).</summary>
    public int PadTokenId => Folder.PadTokenId;

    /// <summary>The tokenizer of the model folder (loaded and checked with the model).</summary>
    public XlmRobertaTokenizer Tokenizer => _tokenizer;

    /// <summary>The number of token ids the model accepts: config.json's <c>vocab_size</c>, else the tokenizer's.</summary>
    public int VocabularySize { get; }

    /// <summary>Counters of all work done so far.</summary>
    public EncoderStatistics Statistics => _runner.Statistics;

    /// <summary>Loads a Hugging Face model folder.</summary>
    /// <param name="folder">The folder holding <c>config.json</c>, <c>sentencepiece.bpe.model</c> and the ONNX graph.</param>
    /// <param name="options">Loading and run options; <see langword="null"/> for the defaults.</param>
    /// <exception cref="XlmRobertaModelException">
    /// A file is missing, unreadable or malformed (config.json, tokenizer files, ONNX graph), the graph is not an XLM-R
    /// encoder, or config.json, the tokenizer and the graph disagree; the exception names the file and field.
    /// </exception>
    /// <exception cref="ExecutionProviderUnavailableException">The requested provider is unavailable and fallback is off.</exception>
    /// <exception cref="OnnxRuntimeUnavailableException">The application has no ONNX Runtime native package.</exception>
    public static XlmRobertaEncoder Load(string folder, XlmRobertaEncoderOptions? options = null)
    {
        options ??= new XlmRobertaEncoderOptions();
        options.Validate();
        return new XlmRobertaEncoder(XlmRobertaModelFolder.Open(folder, options.OnnxFile), options, multipleChoice: false);
    }

    /// <summary>
    /// Loads a multiple-choice model folder (<c>XLMRobertaForMultipleChoice</c>): its graph takes
    /// <c>[batch, choices, sequence]</c> inputs and outputs <c>logits</c> of shape <c>[batch, choices]</c>. Such an
    /// encoder runs only <see cref="Heads.XlmRobertaMultipleChoice"/>.
    /// </summary>
    /// <param name="folder">The folder holding <c>config.json</c>, <c>sentencepiece.bpe.model</c> and the ONNX graph.</param>
    /// <param name="options">Loading and run options; <see langword="null"/> for the defaults.</param>
    /// <exception cref="XlmRobertaModelException">
    /// As for <see cref="Load"/>; also when the graph's inputs have no choices axis.
    /// </exception>
    /// <exception cref="ExecutionProviderUnavailableException">The requested provider is unavailable and fallback is off.</exception>
    /// <exception cref="OnnxRuntimeUnavailableException">The application has no ONNX Runtime native package.</exception>
    public static XlmRobertaEncoder LoadMultipleChoice(string folder, XlmRobertaEncoderOptions? options = null)
    {
        options ??= new XlmRobertaEncoderOptions();
        options.Validate();
        return new XlmRobertaEncoder(XlmRobertaModelFolder.Open(folder, options.OnnxFile), options, multipleChoice: true);
    }

    /// <summary>
    /// Loads the tokenizer of an opened model folder and checks it as <see cref="Load"/> does (typed errors naming the
    /// file; its vocabulary fits config.json's <c>vocab_size</c> and its pad id is <c>pad_token_id</c>), without an
    /// ONNX Runtime session: tokenization-only consumers get the encoder's tokenizer from the one folder object.
    /// </summary>
    /// <param name="folder">The opened model folder.</param>
    /// <exception cref="XlmRobertaModelException">A tokenizer file is missing or malformed, or disagrees with config.json.</exception>
    public static XlmRobertaTokenizer LoadTokenizer(XlmRobertaModelFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        XlmRobertaTokenizer tokenizer = ModelLoadChecks.LoadTokenizer(folder);
        ModelLoadChecks.RequireVocabulary(folder.Config, tokenizer, folder.TokenizerPath);
        ModelLoadChecks.RequirePadAgreement(folder, tokenizer);
        return tokenizer;
    }

    /// <summary>
    /// Tokenizes a text (or a pair) the way the encoder feeds it to the model. This is the first step of the one route
    /// every text API takes: tokenize and truncate once (Hugging Face's truncation to <see cref="MaxSequenceLength"/>
    /// when <see cref="LongInputMode.Truncate"/>, whole otherwise), then segment, batch, pad and run.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="textPair">The second text of a pair, or <see langword="null"/>.</param>
    public XlmRobertaEncoding Tokenize(string text, string? textPair = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Tokenizer.Encode(text, textPair, _encodeOptions);
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
    /// <exception cref="NonFiniteModelOutputException">The graph produced NaN or infinity.</exception>
    /// <exception cref="ObjectDisposedException">The encoder is disposed.</exception>
    public float[][] GetOutputs(IReadOnlyList<IReadOnlyList<int>> inputIds, string? outputName = null, CancellationToken cancellationToken = default)
    {
        int[][] ids = InputConversion.ToArrays(inputIds);
        RequireNoChoiceAxis();
        string name = outputName ?? FirstOutput();
        if (!Signature.OutputRanks.TryGetValue(name, out int rank))
        {
            throw new XlmRobertaModelException($"'{Folder.OnnxPath}' has no float32 output '{name}'.", Folder.OnnxPath, $"output '{name}'");
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
    /// Tokenizes a text to ids only, with <c>&lt;s&gt;</c> and <c>&lt;/s&gt;</c> and without truncation. Passed to an
    /// ids API, the encoder truncates (with the tokenizer's policy), rejects or windows them according to
    /// <see cref="LongInputMode"/>, which gives the ids of <see cref="Tokenize(string, string?)"/>.
    /// </summary>
    /// <param name="text">The text.</param>
    public int[] TokenizeToIds(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        List<int> ids = _idScratch ??= new List<int>(256);
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

    /// <summary>
    /// Releases the ONNX Runtime session and its native memory. Calls already running on other threads finish first
    /// (Dispose waits for them); calls made afterwards throw <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose()
    {
        if (_guard.DisposeAndWait())
        {
            _session.Dispose();
        }
    }

    private string FirstOutput()
    {
        foreach (string name in Signature.OutputRanks.Keys)
        {
            return name;
        }

        throw new XlmRobertaModelException($"'{Folder.OnnxPath}' has no float32 output.", Folder.OnnxPath, "outputs");
    }

    /// <summary>
    /// Chooses the output a head reads and checks at load that it fits: the rank, and (where the graph fixes it) the
    /// width <paramref name="width"/>. Failures name the task the folder seems to hold when it is not <paramref name="task"/>.
    /// </summary>
    internal string SelectOutput(string task, int rank, int width, string need, params string[] preferred)
    {
        if (task != "multiple-choice")
        {
            RequireNoChoiceAxis();
        }

        string hint = Config.TaskHint(task);
        string name = Signature.SelectOutput(Folder.OnnxPath, rank, hint, preferred);
        Signature.RequireWidth(Folder.OnnxPath, name, width, need, hint);
        return name;
    }

    /// <summary>
    /// The length an input of <paramref name="tokenCount"/> tokens (special tokens included) runs at, for planning
    /// batches ahead (<see cref="BatchPlanner.PlanAhead"/>): itself within <see cref="MaxSequenceLength"/>, else the
    /// limit (truncated, or its longest window), or -1 when <see cref="LongInputMode.Throw"/> rejects it.
    /// </summary>
    /// <param name="tokenCount">The input's tokens, e.g. <see cref="XlmRobertaEncoding.Count"/> of <see cref="Tokenize(string, string?)"/>.</param>
    public int PlannedLength(int tokenCount) =>
        tokenCount <= MaxSequenceLength ? tokenCount : Options.LongInputMode == LongInputMode.Throw ? -1 : MaxSequenceLength;

    /// <summary>The one route for texts: <see cref="Tokenize(IReadOnlyList{string}, IReadOnlyList{string?}?)"/>, then segments.</summary>
    internal List<Segment> SegmentTexts(IReadOnlyList<string> texts, IReadOnlyList<string?>? textPairs = null) =>
        Segment(Tokenize(texts, textPairs));

    /// <summary>Encodings enter the route here; their id arrays are used without copying.</summary>
    internal List<Segment> Segment(IReadOnlyList<XlmRobertaEncoding> encodings) => Segment(InputConversion.ToArrays(encodings));

    /// <summary>Ids enter the route here: checked, then truncated, rejected or windowed per <see cref="LongInputMode"/>.</summary>
    internal List<Segment> Segment(int[][] inputs)
    {
        var segments = new List<Segment>(inputs.Length);
        for (int i = 0; i < inputs.Length; i++)
        {
            Encoder.Segmenter.Add(segments, i, inputs[i], MaxSequenceLength, VocabularySize, Options.LongInputMode, Options.WindowOverlap);
        }

        return segments;
    }

    internal void Run(IReadOnlyList<Segment> segments, string outputName, SegmentSink sink, CancellationToken cancellationToken) =>
        Run(segments, [outputName], sink, cancellationToken);

    /// <summary>Runs segments as rows of <c>[batch, sequence]</c>, reading several outputs in one call (e.g. start and end logits).</summary>
    internal void Run(IReadOnlyList<Segment> segments, string[] outputNames, SegmentSink sink, CancellationToken cancellationToken)
    {
        _guard.Enter(this);
        try
        {
            _runner.Run(segments, outputNames, sink, cancellationToken);
        }
        finally
        {
            _guard.Exit();
        }
    }

    /// <summary>Runs a multiple-choice graph; see <see cref="BatchRunner.RunChoices"/>.</summary>
    internal void RunChoices(IReadOnlyList<Segment> segments, string outputName, SegmentSink sink, CancellationToken cancellationToken)
    {
        _guard.Enter(this);
        try
        {
            _runner.RunChoices(segments, outputName, sink, cancellationToken);
        }
        finally
        {
            _guard.Exit();
        }
    }

    /// <summary>A multiple-choice graph runs only through its own head.</summary>
    internal void RequireNoChoiceAxis()
    {
        if (Signature.HasChoiceAxis)
        {
            throw new XlmRobertaModelException(
                $"'{Folder.OnnxPath}' is a multiple-choice graph (inputs [batch, choices, sequence]); only XlmRobertaMultipleChoice runs it.",
                Folder.OnnxPath, $"input '{Signature.InputIdsName}'");
        }
    }
}

using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.ModelFolder;
using Microsoft.ML.XlmRoberta.Tokenization;

namespace Microsoft.ML.XlmRoberta.Heads;

/// <summary>
/// Extractive question answering (<c>XLMRobertaForQuestionAnswering</c>) with the semantics of Hugging Face's
/// question-answering pipeline and fast tokenizer: the context is cut into overlapping windows after the question,
/// every window of a batch of questions runs in one length-bucketed pass, the spans of the context are scored by
/// p(start)·p(end), the windows' answers are merged, and each answer is widened to whole words and returned with its
/// UTF-16 range in the context. Thread-safe.
/// </summary>
public sealed class XlmRobertaQuestionAnswerer
{
    private const int DefaultMaxSequenceLength = 384;
    private const int DefaultDocStride = 128;
    private readonly string[] _outputNames;
    private readonly int _maxSequenceLength;
    private readonly int _docStride;
    private readonly XlmRobertaEncodeOptions _pairOptions = new() { Truncation = false };

    /// <summary>Creates the question answerer over a loaded encoder (which the caller keeps owning).</summary>
    /// <param name="encoder">An encoder whose graph outputs <c>start_logits</c> and <c>end_logits</c> of shape <c>[batch, sequence]</c>.</param>
    /// <param name="options">The pipeline parameters; <see langword="null"/> for Hugging Face's defaults.</param>
    /// <exception cref="XlmRobertaModelException">The graph has no <c>start_logits</c> and <c>end_logits</c> outputs of rank 2.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range, or the window length exceeds the encoder's.</exception>
    public XlmRobertaQuestionAnswerer(XlmRobertaEncoder encoder, QuestionAnsweringOptions? options = null)
    {
        Encoder = encoder ?? throw new ArgumentNullException(nameof(encoder));
        Options = options ?? new QuestionAnsweringOptions();
        Options.Validate();
        encoder.RequireNoChoiceAxis();
        _outputNames = [RequireOutput(encoder, "start_logits"), RequireOutput(encoder, "end_logits")];
        _maxSequenceLength = Options.MaxSequenceLength ?? Math.Min(DefaultMaxSequenceLength, encoder.MaxSequenceLength);
        if (_maxSequenceLength > encoder.MaxSequenceLength)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), $"MaxSequenceLength {_maxSequenceLength} exceeds the encoder's {encoder.MaxSequenceLength}.");
        }

        _docStride = Options.DocStride ?? Math.Min(_maxSequenceLength / 2, DefaultDocStride);
        if (_docStride > _maxSequenceLength)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"DocStride {_docStride} is larger than the window length {_maxSequenceLength}.");
        }
    }

    /// <summary>The encoder this head runs.</summary>
    public XlmRobertaEncoder Encoder { get; }

    /// <summary>The options given at construction.</summary>
    public QuestionAnsweringOptions Options { get; }

    /// <summary>The window length in use (<see cref="QuestionAnsweringOptions.MaxSequenceLength"/> or its default).</summary>
    public int MaxSequenceLength => _maxSequenceLength;

    /// <summary>The window overlap in use (<see cref="QuestionAnsweringOptions.DocStride"/> or its default).</summary>
    public int DocStride => _docStride;

    /// <summary>Answers one question from a context: at most <see cref="QuestionAnsweringOptions.TopK"/> answers, best first.</summary>
    /// <param name="question">The question.</param>
    /// <param name="context">The text holding the answer.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <exception cref="ArgumentException">The question is too long for the windows.</exception>
    public IReadOnlyList<QuestionAnswer> Answer(string question, string context, CancellationToken cancellationToken = default) =>
        Answer([(question, context)], cancellationToken)[0];

    /// <summary>Answers questions, each from its own context; results are in input order.</summary>
    /// <param name="inputs">The questions and their contexts.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <exception cref="ArgumentException">A question is too long for the windows (the message names it).</exception>
    public IReadOnlyList<QuestionAnswer>[] Answer(IReadOnlyList<(string Question, string Context)> inputs, CancellationToken cancellationToken = default)
    {
        QuestionAnsweringExample[] examples = Run(inputs, cancellationToken);
        var results = new IReadOnlyList<QuestionAnswer>[examples.Length];
        for (int i = 0; i < results.Length; i++)
        {
            results[i] = Merge(examples[i]);
        }

        return results;
    }

    /// <summary>
    /// Answers an unbounded sequence of questions lazily, in order, <see cref="XlmRobertaEncoderOptions.StreamingChunkSize"/>
    /// at a time.
    /// </summary>
    /// <param name="inputs">The questions and their contexts.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    public IEnumerable<IReadOnlyList<QuestionAnswer>> AnswerStream(IEnumerable<(string Question, string Context)> inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return Streaming.Chunked(inputs, Encoder.Options.StreamingChunkSize, Answer, cancellationToken);
    }

    /// <summary>Tokenizes, windows, runs and scores; the examples keep every intermediate step.</summary>
    internal QuestionAnsweringExample[] Run(IReadOnlyList<(string Question, string Context)> inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var examples = new QuestionAnsweringExample[inputs.Count];
        var windows = new List<QuestionAnsweringWindow>(inputs.Count);
        for (int i = 0; i < examples.Length; i++)
        {
            (string question, string context) = inputs[i];
            ArgumentNullException.ThrowIfNull(question, nameof(inputs));
            ArgumentNullException.ThrowIfNull(context, nameof(inputs));
            XlmRobertaEncoding pair = Encoder.Tokenizer.Encode(question, context, _pairOptions);
            try
            {
                examples[i] = new QuestionAnsweringExample(context, pair, _maxSequenceLength, _docStride, Encoder.Tokenizer);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"Input {i}: {e.Message}", nameof(inputs), e);
            }

            windows.AddRange(examples[i].Windows);
        }

        if (windows.Count == 0)
        {
            return examples;
        }

        // Every window is one segment of the encoder's route (checked, length-bucketed, padded, run); its index is its input.
        var ids = new int[windows.Count][];
        for (int w = 0; w < ids.Length; w++)
        {
            ids[w] = windows[w].Ids;
        }

        Encoder.Run(Encoder.Segment(ids), _outputNames, new QuestionAnsweringSink(windows), cancellationToken);
        foreach (QuestionAnsweringWindow window in windows)
        {
            SpanScorer.Score(window, Options.TopK, Options.MaxAnswerLength);
        }

        return examples;
    }

    /// <summary>
    /// Every window's spans widened to words (window order, best first within a window), the impossible answer when
    /// asked for, then a stable sort by score and the first <see cref="QuestionAnsweringOptions.TopK"/>.
    /// </summary>
    private List<QuestionAnswer> Merge(QuestionAnsweringExample example)
    {
        var answers = new List<QuestionAnswer>();
        float nullScore = float.MaxValue;
        foreach (QuestionAnsweringWindow window in example.Windows)
        {
            nullScore = Math.Min(nullScore, window.NullScore);
            foreach (ScoredSpan span in window.Spans)
            {
                int offset = window.ContextStart - example.ContextStartInWindow;
                (int start, int end) = example.WordSpan(span.Start + offset, span.End + offset, window.ContextStart, window.ContextEnd);
                answers.Add(new QuestionAnswer(span.Score, start, end, example.Context[start..end]));
            }
        }

        if (Options.HandleImpossibleAnswer)
        {
            answers.Add(new QuestionAnswer(nullScore, 0, 0, string.Empty));
        }

        // List.Sort is not stable; the index breaks ties so that equal scores keep their order, as Python's sorted does.
        var order = new (float Score, int Index)[answers.Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = (answers[i].Score, i);
        }

        Array.Sort(order, static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Index.CompareTo(b.Index));
        var best = new List<QuestionAnswer>(Math.Min(Options.TopK, order.Length));
        for (int i = 0; i < order.Length && i < Options.TopK; i++)
        {
            best.Add(answers[order[i].Index]);
        }

        return best;
    }

    private static string RequireOutput(XlmRobertaEncoder encoder, string name)
    {
        if (!encoder.Signature.OutputRanks.TryGetValue(name, out int rank) || rank != 2)
        {
            throw new XlmRobertaModelException(
                $"'{encoder.Folder.OnnxPath}' has no float32 output '{name}' of shape [batch, sequence]; it is not a question-answering model.{encoder.Config.TaskHint("question-answering")}",
                encoder.Folder.OnnxPath, $"output '{name}'");
        }

        return name;
    }
}

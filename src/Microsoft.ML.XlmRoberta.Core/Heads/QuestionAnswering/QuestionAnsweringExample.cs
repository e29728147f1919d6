using Microsoft.ML.XlmRoberta.Tokenization;

namespace Microsoft.ML.XlmRoberta.Heads;

/// <summary>
/// One question and its context, tokenized once as the pair <c>&lt;s&gt; question &lt;/s&gt;&lt;/s&gt; context &lt;/s&gt;</c>
/// and cut into the windows the model runs (Hugging Face's fast-tokenizer overflow: <c>only_second</c> truncation
/// with <c>stride</c>).
/// </summary>
internal sealed class QuestionAnsweringExample
{
    private readonly bool[] _wordStarts;

    /// <param name="context">The context text (answers are cut from it).</param>
    /// <param name="encoding">The untruncated pair encoding.</param>
    /// <param name="maxSequenceLength">The length of a window, special tokens included.</param>
    /// <param name="docStride">The context tokens consecutive windows share.</param>
    /// <param name="tokenizer">The tokenizer, for the pieces that begin words.</param>
    /// <exception cref="ArgumentException">The question leaves no room for the context, or no room for the overlap.</exception>
    public QuestionAnsweringExample(string context, XlmRobertaEncoding encoding, int maxSequenceLength, int docStride, XlmRobertaTokenizer tokenizer)
    {
        Context = context;
        int total = encoding.Count;
        IReadOnlyList<int> sequenceIds = encoding.SequenceIds;
        int questionLength = 0;
        while (1 + questionLength < total && sequenceIds[1 + questionLength] == 0)
        {
            questionLength++;
        }

        QuestionLength = questionLength;
        ContextStartInWindow = questionLength + 3;
        int contextLength = total - questionLength - 4;
        ReadOnlySpan<int> ids = encoding.IdsSpan;
        ContextIds = ids.Slice(ContextStartInWindow, contextLength).ToArray();
        ContextOffsets = new TokenOffset[contextLength];
        _wordStarts = new bool[contextLength];
        for (int c = 0; c < contextLength; c++)
        {
            ContextOffsets[c] = encoding.Offsets[ContextStartInWindow + c];
            // A word begins at each piece that starts with '▁' (the fast tokenizer's Metaspace words).
            _wordStarts[c] = tokenizer.IdToToken(ContextIds[c]) is { Length: > 0 } piece && piece[0] == '\u2581';
        }

        int room = maxSequenceLength - questionLength - 4;
        if (room <= 0)
        {
            throw new ArgumentException(
                $"The question has {questionLength} tokens; with <s>, </s></s> and </s> it leaves no room for the context in windows of {maxSequenceLength} tokens.");
        }

        int step = room - docStride;
        if (contextLength > room && step <= 0)
        {
            throw new ArgumentException(
                $"Windows of {maxSequenceLength} tokens hold {room} context tokens after the {questionLength}-token question, not more than the doc stride {docStride}; lower the doc stride or raise the window length.");
        }

        Windows = new List<QuestionAnsweringWindow>(contextLength <= room ? 1 : 1 + ((contextLength - room + step - 1) / step));
        for (int start = 0; ; start += step)
        {
            int end = Math.Min(start + room, contextLength);
            var window = new int[ContextStartInWindow + (end - start) + 1];
            ids[..ContextStartInWindow].CopyTo(window);
            ContextIds.AsSpan(start, end - start).CopyTo(window.AsSpan(ContextStartInWindow));
            window[^1] = ids[^1];
            Windows.Add(new QuestionAnsweringWindow(this, start, end, window));
            if (end == contextLength)
            {
                break;
            }
        }
    }

    /// <summary>The context text.</summary>
    public string Context { get; }

    /// <summary>The question's tokens (without special tokens).</summary>
    public int QuestionLength { get; }

    /// <summary>The window position of the first context token (after <c>&lt;s&gt; question &lt;/s&gt;&lt;/s&gt;</c>).</summary>
    public int ContextStartInWindow { get; }

    /// <summary>The context's token ids.</summary>
    public int[] ContextIds { get; }

    /// <summary>The context tokens' UTF-16 ranges in <see cref="Context"/>.</summary>
    public TokenOffset[] ContextOffsets { get; }

    /// <summary>The windows, in context order.</summary>
    public List<QuestionAnsweringWindow> Windows { get; }

    /// <summary>
    /// The character range of the words holding context tokens <paramref name="first"/> and <paramref name="last"/>,
    /// the words cut to the window's tokens <c>[windowStart, windowEnd)</c> (Hugging Face's <c>align_to_words</c>).
    /// </summary>
    public (int Start, int End) WordSpan(int first, int last, int windowStart, int windowEnd)
    {
        while (first > windowStart && !_wordStarts[first])
        {
            first--;
        }

        while (last + 1 < windowEnd && !_wordStarts[last + 1])
        {
            last++;
        }

        return (ContextOffsets[first].Start, ContextOffsets[last].End);
    }
}

/// <summary>One model input of a question: context tokens <c>[ContextStart, ContextEnd)</c> after the question.</summary>
internal sealed class QuestionAnsweringWindow(QuestionAnsweringExample example, int contextStart, int contextEnd, int[] ids)
{
    /// <summary>The question and context this window belongs to.</summary>
    public QuestionAnsweringExample Example { get; } = example;

    /// <summary>The first context token of the window.</summary>
    public int ContextStart { get; } = contextStart;

    /// <summary>One past the last context token of the window.</summary>
    public int ContextEnd { get; } = contextEnd;

    /// <summary><c>&lt;s&gt; question &lt;/s&gt;&lt;/s&gt; context[ContextStart..ContextEnd] &lt;/s&gt;</c>.</summary>
    public int[] Ids { get; } = ids;

    /// <summary>The model's start logits, one per position (set by the run).</summary>
    public float[]? StartLogits { get; set; }

    /// <summary>The model's end logits, one per position (set by the run).</summary>
    public float[]? EndLogits { get; set; }

    /// <summary>The best spans of the window (token positions in the window), best first (set by scoring).</summary>
    public List<ScoredSpan> Spans { get; } = [];

    /// <summary>p(start of &lt;s&gt;) · p(end of &lt;s&gt;), the window's impossible-answer score (set by scoring).</summary>
    public float NullScore { get; set; }
}

/// <summary>A candidate answer of one window: token positions in the window and p(start) · p(end).</summary>
internal readonly record struct ScoredSpan(int Start, int End, float Score);

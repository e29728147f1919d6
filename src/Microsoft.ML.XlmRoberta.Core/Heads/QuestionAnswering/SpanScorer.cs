using System.Buffers;

namespace Microsoft.ML.XlmRoberta.Heads;

/// <summary>
/// Hugging Face's <c>select_starts_ends</c> and <c>decode_spans</c> for one window, in float32: logits outside the
/// context (except <c>&lt;s&gt;</c>) set to -10000, start and end softmaxed separately, the null score
/// p_start[0]·p_end[0] read, position 0 zeroed, then the <c>topK</c> best spans <c>s ≤ e ≤ s + maxAnswerLength − 1</c>
/// by p_start[s]·p_end[e].
/// </summary>
internal static class SpanScorer
{
    private const float Masked = -10000f;

    /// <summary>Scores <paramref name="window"/>: fills its <see cref="QuestionAnsweringWindow.Spans"/> and null score.</summary>
    public static void Score(QuestionAnsweringWindow window, int topK, int maxAnswerLength)
    {
        int length = window.Ids.Length;
        int first = window.Example.ContextStartInWindow;
        int end = first + (window.ContextEnd - window.ContextStart);
        float[] start = ArrayPool<float>.Shared.Rent(length);
        float[] stop = ArrayPool<float>.Shared.Rent(length);
        try
        {
            Probabilities(window.StartLogits!, start.AsSpan(0, length), first, end);
            Probabilities(window.EndLogits!, stop.AsSpan(0, length), first, end);
            window.NullScore = start[0] * stop[0];
            start[0] = stop[0] = 0f;
            Best(start.AsSpan(0, length), stop.AsSpan(0, length), first, end, topK, maxAnswerLength, window.Spans);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(start);
            ArrayPool<float>.Shared.Return(stop);
        }
    }

    /// <summary>The softmax of the logits with every position but &lt;s&gt; and <c>[first, end)</c> masked.</summary>
    private static void Probabilities(ReadOnlySpan<float> logits, Span<float> probabilities, int first, int end)
    {
        for (int j = 0; j < probabilities.Length; j++)
        {
            probabilities[j] = j == 0 || (j >= first && j < end) ? logits[j] : Masked;
        }

        Softmax.Compute(probabilities, probabilities);
    }

    /// <summary>
    /// The best spans, best first (ties: lower start, then lower end). Spans outside the context score exactly 0 (their
    /// masked probabilities underflow), so only context spans are searched; Hugging Face drops the others as well.
    /// </summary>
    private static void Best(ReadOnlySpan<float> start, ReadOnlySpan<float> stop, int first, int end, int topK, int maxAnswerLength, List<ScoredSpan> spans)
    {
        spans.Clear();
        for (int s = first; s < end; s++)
        {
            int last = Math.Min(end - 1, s + maxAnswerLength - 1);
            for (int e = s; e <= last; e++)
            {
                float score = start[s] * stop[e];
                if (!(score > 0f) || (spans.Count == topK && !(score > spans[^1].Score)))
                {
                    continue;
                }

                int at = spans.Count < topK ? spans.Count : topK - 1;
                if (spans.Count < topK)
                {
                    spans.Add(default);
                }

                while (at > 0 && score > spans[at - 1].Score)
                {
                    spans[at] = spans[at - 1];
                    at--;
                }

                spans[at] = new ScoredSpan(s, e, score);
            }
        }
    }
}

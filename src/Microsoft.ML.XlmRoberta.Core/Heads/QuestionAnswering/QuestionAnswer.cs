namespace Microsoft.ML.XlmRoberta.Heads;

/// <summary>One answer of <see cref="XlmRobertaQuestionAnswerer"/>: a span of the context and its score.</summary>
public sealed class QuestionAnswer
{
    internal QuestionAnswer(float score, int start, int end, string answer)
    {
        Score = score;
        Start = start;
        End = end;
        Answer = answer;
    }

    /// <summary>p(start) · p(end), each a softmax over the window's context tokens (and <c>&lt;s&gt;</c>).</summary>
    public float Score { get; }

    /// <summary>The answer's first UTF-16 code unit in the context (0 for the impossible answer).</summary>
    public int Start { get; }

    /// <summary>One past the answer's last UTF-16 code unit in the context (0 for the impossible answer).</summary>
    public int End { get; }

    /// <summary>The answer text, <c>context[Start..End]</c> (empty for the impossible answer).</summary>
    public string Answer { get; }

    /// <summary>The answer as <c>score [start, end) "answer"</c>.</summary>
    public override string ToString() => $"{Score} [{Start}, {End}) \"{Answer}\"";
}

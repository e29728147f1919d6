using Microsoft.ML.XlmRoberta.Heads;

namespace Microsoft.ML.XlmRoberta;

/// <summary>
/// Options of <c>AnswerQuestionXlmRoberta</c> (extractive question answering): the question column is
/// <see cref="XlmRobertaTransformOptions.InputColumnName"/> (default <c>Question</c>), the context column
/// <see cref="ContextColumnName"/>; the pipeline parameters are Hugging Face's (see <see cref="QuestionAnsweringOptions"/>).
/// </summary>
public sealed class AnswerQuestionXlmRobertaOptions : XlmRobertaInferenceOptions
{
    /// <summary>Creates the options with the question column <c>Question</c>.</summary>
    public AnswerQuestionXlmRobertaOptions() => InputColumnName = "Question";

    /// <summary>The context column (scalar text) the answers are cut from. Default <c>Context</c>.</summary>
    public string ContextColumnName { get; set; } = "Context";

    /// <summary>Answers per question in the top-k vector columns (<c>top_k</c>). Default 1.</summary>
    public int TopK { get; set; } = 1;

    /// <summary>Window length in tokens (<c>max_seq_len</c>); null for 384 or the model's limit when smaller.</summary>
    public int? MaxSequenceLength { get; set; }

    /// <summary>Context tokens shared by consecutive windows (<c>doc_stride</c>); null for <c>min(max_seq_len / 2, 128)</c>.</summary>
    public int? DocStride { get; set; }

    /// <summary>Most tokens in an answer (<c>max_answer_len</c>). Default 15.</summary>
    public int MaxAnswerLength { get; set; } = 15;

    /// <summary>Whether the empty answer (start 0, end 0) competes (<c>handle_impossible_answer</c>).</summary>
    public bool HandleImpossibleAnswer { get; set; }

    /// <summary>The best answer's text; null for none. Default <c>Answer</c> (empty when there is no answer).</summary>
    public string? AnswerColumnName { get; set; } = "Answer";

    /// <summary>The best answer's score (<c>Single</c>); null for none. Default <c>Score</c> (0 when there is no answer).</summary>
    public string? ScoreColumnName { get; set; } = "Score";

    /// <summary>The best answer's first UTF-16 code unit in the context (<c>Int32</c>); null for none. Default <c>Start</c>.</summary>
    public string? StartColumnName { get; set; } = "Start";

    /// <summary>One past the best answer's last UTF-16 code unit (<c>Int32</c>); null for none. Default <c>End</c>.</summary>
    public string? EndColumnName { get; set; } = "End";

    /// <summary>The top-k answers' texts, best first (variable-size text vector); null for none. Default <c>Answers</c>.</summary>
    public string? AnswersColumnName { get; set; } = "Answers";

    /// <summary>The top-k answers' scores (variable-size <c>Single</c> vector); null for none. Default <c>AnswerScores</c>.</summary>
    public string? AnswerScoresColumnName { get; set; } = "AnswerScores";

    /// <summary>The top-k answers' starts (variable-size <c>Int32</c> vector); null for none. Default <c>AnswerStarts</c>.</summary>
    public string? AnswerStartsColumnName { get; set; } = "AnswerStarts";

    /// <summary>The top-k answers' ends (variable-size <c>Int32</c> vector); null for none. Default <c>AnswerEnds</c>.</summary>
    public string? AnswerEndsColumnName { get; set; } = "AnswerEnds";

    private protected override string? PairColumn => ContextColumnName;

    private protected override string?[] OutputNames =>
    [
        AnswerColumnName, ScoreColumnName, StartColumnName, EndColumnName,
        AnswersColumnName, AnswerScoresColumnName, AnswerStartsColumnName, AnswerEndsColumnName,
    ];

    /// <summary>The head's options.</summary>
    internal QuestionAnsweringOptions Head() => new()
    {
        TopK = TopK,
        MaxSequenceLength = MaxSequenceLength,
        DocStride = DocStride,
        MaxAnswerLength = MaxAnswerLength,
        HandleImpossibleAnswer = HandleImpossibleAnswer,
    };

    internal override void Validate()
    {
        base.Validate();
        Require(ContextColumnName, nameof(ContextColumnName));
        Head().Validate();
    }
}

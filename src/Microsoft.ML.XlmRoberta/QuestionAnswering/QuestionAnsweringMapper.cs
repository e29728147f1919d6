using Microsoft.ML.XlmRoberta.DataView;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Heads;

namespace Microsoft.ML.XlmRoberta.QuestionAnswering;

/// <summary>Question and context to the best answer (text, score, start, end) and the top-k answers as vectors.</summary>
internal sealed class QuestionAnsweringMapper : TextBatchMapper
{
    public const int AnswerRole = 0;
    public const int ScoreRole = 1;
    public const int StartRole = 2;
    public const int EndRole = 3;
    public const int AnswersRole = 4;
    public const int ScoresRole = 5;
    public const int StartsRole = 6;
    public const int EndsRole = 7;

    private readonly XlmRobertaQuestionAnswerer _answerer;

    /// <param name="encoder">The encoder; the mapper owns it from now on.</param>
    /// <param name="options">The transform's options.</param>
    public QuestionAnsweringMapper(XlmRobertaEncoder encoder, AnswerQuestionXlmRobertaOptions options)
        : base(Columns(options), nameof(AnswerQuestionXlmRobertaTransformer))
    {
        _answerer = new XlmRobertaQuestionAnswerer(encoder, options.Head());
    }

    /// <summary>The output roles.</summary>
    public static OutputColumn[] Columns(AnswerQuestionXlmRobertaOptions options)
    {
        string?[] names = options.RoleNames();
        return
        [
            new OutputColumn(names[AnswerRole], OutputKind.Text),
            new OutputColumn(names[ScoreRole], OutputKind.Single),
            new OutputColumn(names[StartRole], OutputKind.Int32),
            new OutputColumn(names[EndRole], OutputKind.Int32),
            new OutputColumn(names[AnswersRole], OutputKind.TextVector),
            new OutputColumn(names[ScoresRole], OutputKind.SingleVector),
            new OutputColumn(names[StartsRole], OutputKind.Int32Vector),
            new OutputColumn(names[EndsRole], OutputKind.Int32Vector),
        ];
    }

    protected override void ComputeCore(string[] texts, string[]? pairs, int count, bool[] active, BatchValues values)
    {
        var inputs = new (string Question, string Context)[count];
        for (int i = 0; i < count; i++)
        {
            inputs[i] = (texts[i], pairs?[i] ?? "");
        }

        IReadOnlyList<QuestionAnswer>[] results = _answerer.Answer(inputs);
        var answer = (string[])values.Columns[AnswerRole];
        var score = (float[])values.Columns[ScoreRole];
        var start = (int[])values.Columns[StartRole];
        var end = (int[])values.Columns[EndRole];
        var answers = (string[][])values.Columns[AnswersRole];
        var scores = (float[][])values.Columns[ScoresRole];
        var starts = (int[][])values.Columns[StartsRole];
        var ends = (int[][])values.Columns[EndsRole];
        for (int i = 0; i < count; i++)
        {
            IReadOnlyList<QuestionAnswer> top = results[i];
            QuestionAnswer? best = top.Count > 0 ? top[0] : null;
            answer[i] = best?.Answer ?? "";
            score[i] = best?.Score ?? 0f;
            start[i] = best?.Start ?? 0;
            end[i] = best?.End ?? 0;
            answers[i] = new string[top.Count];
            scores[i] = new float[top.Count];
            starts[i] = new int[top.Count];
            ends[i] = new int[top.Count];
            for (int k = 0; k < top.Count; k++)
            {
                answers[i][k] = top[k].Answer;
                scores[i][k] = top[k].Score;
                starts[i][k] = top[k].Start;
                ends[i][k] = top[k].End;
            }
        }
    }

    protected override void Release() => _answerer.Encoder.Dispose();
}

using Microsoft.ML.XlmRoberta.Cli.Io;
using Microsoft.ML.XlmRoberta.Heads;

namespace Microsoft.ML.XlmRoberta.Cli.Rows;

/// <summary><c>xlmr qa</c>: the answers, best first, each with score, UTF-16 start and end, and text.</summary>
internal sealed record QuestionAnsweringRow(IReadOnlyList<QuestionAnswer> Answers) : IOutputRow
{
    public void WriteTo(IRowFields fields) => fields.Structured("answers", Answers, static (w, answers) =>
    {
        w.WriteStartArray();
        foreach (QuestionAnswer answer in answers)
        {
            w.WriteStartObject();
            w.WriteFinite("score", answer.Score);
            w.WriteNumber("start", answer.Start);
            w.WriteNumber("end", answer.End);
            w.WriteString("answer", answer.Answer);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });
}

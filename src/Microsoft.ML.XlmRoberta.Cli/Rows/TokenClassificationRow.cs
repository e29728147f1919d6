using System.Text.Json;
using Microsoft.ML.XlmRoberta.Cli.Io;
using Microsoft.ML.XlmRoberta.Heads;

namespace Microsoft.ML.XlmRoberta.Cli.Rows;

/// <summary><c>xlmr ner</c>: per token its label, score and offsets; the entities with their text.</summary>
internal sealed record TokenClassificationRow(TokenClassificationResult Result, string Text) : IOutputRow
{
    public void WriteTo(IRowFields fields)
    {
        fields.Structured("tokens", Result.Tokens, static (w, tokens) =>
        {
            w.WriteStartArray();
            foreach (TokenPrediction token in tokens)
            {
                w.WriteStartObject();
                w.WriteString("token", token.Token);
                w.WriteString("label", token.Label);
                w.WriteFinite("score", token.Score);
                WriteOffset(w, "start", token.Start);
                WriteOffset(w, "end", token.End);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
        fields.Structured("entities", this, static (w, row) =>
        {
            w.WriteStartArray();
            foreach (TokenEntity entity in row.Result.Entities)
            {
                w.WriteStartObject();
                w.WriteString("label", entity.Label);
                w.WriteFinite("score", entity.Score);
                w.WriteNumber("start", entity.Start);
                w.WriteNumber("end", entity.End);
                w.WriteString("text", row.Text[entity.Start..entity.End]);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    private static void WriteOffset(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is int v)
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}

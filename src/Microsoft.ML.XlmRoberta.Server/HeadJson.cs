using System.Text.Json;
using Microsoft.ML.XlmRoberta.Heads;

namespace Microsoft.ML.XlmRoberta.Server;

/// <summary>
/// The JSON of token-classification and fill-mask results, one definition for <c>xlmr ner</c>/<c>xlmr fill-mask</c>
/// rows and the server's <c>/ner</c>/<c>/fill-mask</c> answers (which must be the same).
/// </summary>
internal static class HeadJson
{
    /// <summary>Writes a score member (the CLI checks it is finite first).</summary>
    public delegate void ScoreWriter(Utf8JsonWriter writer, string name, float value);

    /// <summary>Plain score members (the library already refuses non-finite model outputs).</summary>
    public static readonly ScoreWriter PlainScore = static (writer, name, value) => writer.WriteNumber(name, value);

    /// <summary><c>[{"token", "label", "score", "start", "end"}]</c>: every token, offsets null where it has none.</summary>
    public static void WriteTokens(Utf8JsonWriter writer, IReadOnlyList<TokenPrediction> tokens, ScoreWriter score)
    {
        writer.WriteStartArray();
        foreach (TokenPrediction token in tokens)
        {
            writer.WriteStartObject();
            writer.WriteString("token", token.Token);
            writer.WriteString("label", token.Label);
            score(writer, "score", token.Score);
            WriteOffset(writer, "start", token.Start);
            WriteOffset(writer, "end", token.End);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary><c>[{"label", "score", "start", "end", "text"}]</c>, the text cut from <paramref name="text"/> by the entity's offsets.</summary>
    public static void WriteEntities(Utf8JsonWriter writer, IReadOnlyList<TokenEntity> entities, string text, ScoreWriter score)
    {
        writer.WriteStartArray();
        foreach (TokenEntity entity in entities)
        {
            writer.WriteStartObject();
            writer.WriteString("label", entity.Label);
            score(writer, "score", entity.Score);
            writer.WriteNumber("start", entity.Start);
            writer.WriteNumber("end", entity.End);
            writer.WriteString("text", text[entity.Start..entity.End]);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary><c>[[{"id", "token", "score"}]]</c>: per mask, its candidates.</summary>
    public static void WriteMasks(Utf8JsonWriter writer, IReadOnlyList<MaskPrediction> masks, ScoreWriter score)
    {
        writer.WriteStartArray();
        foreach (MaskPrediction mask in masks)
        {
            writer.WriteStartArray();
            foreach (MaskCandidate candidate in mask.Candidates)
            {
                writer.WriteStartObject();
                writer.WriteNumber("id", candidate.TokenId);
                writer.WriteString("token", candidate.Token);
                score(writer, "score", candidate.Score);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndArray();
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

using System.Text.Json;

namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>A list of texts in an input record: a JSON array of strings (a JSON lines member, or a CSV/TSV cell).</summary>
internal static class TextList
{
    /// <summary>The strings of <paramref name="element"/> when it is an array of strings only.</summary>
    public static bool TryRead(JsonElement element, out string[]? texts)
    {
        texts = null;
        if (element.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        var list = new string[element.GetArrayLength()];
        int i = 0;
        foreach (JsonElement item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            list[i++] = item.GetString()!;
        }

        texts = list;
        return true;
    }

    /// <summary>The strings of a cell holding a JSON array of strings.</summary>
    public static bool TryParse(string cell, out string[]? texts)
    {
        texts = null;
        try
        {
            using JsonDocument doc = JsonDocument.Parse(cell);
            return TryRead(doc.RootElement, out texts);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return false;
        }
    }
}

using System.Globalization;

namespace Microsoft.ML.XlmRoberta.Tests.TestData;

/// <summary>
/// Labels a text with the Unicode script most of its letters are in — a label derived from the text itself, so a
/// classifier over embeddings has something real to learn.
/// </summary>
internal static class ScriptLabels
{
    public static string Of(string text)
    {
        var counts = new Dictionary<string, int>();
        foreach (char c in text)
        {
            if (!char.IsLetter(c))
            {
                continue;
            }

            string script = c switch
            {
                <= '\u024F' => "Latin",
                >= '\u0370' and <= '\u03FF' => "Greek",
                >= '\u0400' and <= '\u052F' => "Cyrillic",
                >= '\u0590' and <= '\u05FF' => "Hebrew",
                >= '\u0600' and <= '\u06FF' => "Arabic",
                >= '\u0900' and <= '\u0DFF' => "Indic",
                >= '\u3040' and <= '\u30FF' => "Kana",
                >= '\u4E00' and <= '\u9FFF' => "Han",
                >= '\uAC00' and <= '\uD7AF' => "Hangul",
                _ => "Other",
            };
            counts[script] = counts.GetValueOrDefault(script) + 1;
        }

        string best = "None";
        int most = 0;
        foreach (var (script, n) in counts)
        {
            if (n > most)
            {
                (best, most) = (script, n);
            }
        }

        return best;
    }

    /// <summary>
    /// Corpus lines of the scripts that have at least <paramref name="minimum"/> lines, labelled, at most
    /// <paramref name="minimum"/> per script (balanced).
    /// </summary>
    public static List<TextRow> Dataset(int minimum)
    {
        var rows = new List<TextRow>();
        foreach (var c in Fixtures.Cases())
        {
            if (c.GetProperty("lang").GetString() == "edge")
            {
                continue;
            }

            string text = c.GetProperty("text").GetString()!;
            rows.Add(new TextRow { Text = text, Label = Of(text) });
        }

        var counts = rows.GroupBy(r => r.Label).ToDictionary(g => g.Key, g => g.Count());
        return rows.Where(r => r.Label is not ("Other" or "None") && counts[r.Label] >= minimum)
            .GroupBy(r => r.Label).SelectMany(g => g.Take(minimum)).ToList();
    }

    public static string Describe(IEnumerable<TextRow> rows) =>
        string.Join(", ", rows.GroupBy(r => r.Label).OrderByDescending(g => g.Count()).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key}={g.Count()}")));
}

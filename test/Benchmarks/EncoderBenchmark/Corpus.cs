using System.Text.Json;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Benchmarks;

/// <summary>
/// The shared corpus: texts of fixtures/tokenizer/cases.jsonl (hand-made edge cases left out), or the lines of a text
/// file (e.g. fixtures/corpus/unique.txt), evenly sampled: text i is line <c>i * lines / count</c> (0-based).
/// </summary>
internal static class Corpus
{
    public static string[] Load(int count, string? textFile = null)
    {
        var all = new List<string>();
        if (textFile is not null)
        {
            all.AddRange(File.ReadAllLines(textFile));
        }
        else
        {
            foreach (JsonElement row in SharedFixtures.ReadJsonLines("fixtures/tokenizer/cases.jsonl"))
            {
                if (row.GetProperty("lang").GetString() != "edge")
                {
                    all.Add(row.GetProperty("text").GetString()!);
                }
            }
        }

        count = Math.Min(count, all.Count);
        var texts = new string[count];
        for (int i = 0; i < count; i++)
        {
            texts[i] = all[(int)((long)i * all.Count / count)];
        }

        return texts;
    }
}

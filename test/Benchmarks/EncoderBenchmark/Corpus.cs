using System.Text.Json;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Benchmarks;

/// <summary>The shared corpus: texts of fixtures/tokenizer/cases.jsonl (hand-made edge cases left out), evenly sampled.</summary>
internal static class Corpus
{
    public static string[] Load(int count)
    {
        var all = new List<string>();
        foreach (JsonElement row in SharedFixtures.ReadJsonLines("fixtures/tokenizer/cases.jsonl"))
        {
            if (row.GetProperty("lang").GetString() != "edge")
            {
                all.Add(row.GetProperty("text").GetString()!);
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

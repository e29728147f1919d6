using System.Text;
using System.Text.Json;
using Microsoft.ML.XlmRoberta.TestSupport;
using Microsoft.ML.XlmRoberta.Tokenization;

namespace Microsoft.ML.XlmRoberta.Tests.Tokenization;

/// <summary>Shared tokenizer instance and helpers for the fixture tests.</summary>
internal static class TokenizerFixture
{
    private static readonly Lazy<XlmRobertaTokenizer> LazyTokenizer =
        new(() => XlmRobertaTokenizer.FromModelFolder(SharedFixtures.Model("fill-mask")));

    public static XlmRobertaTokenizer Tokenizer => LazyTokenizer.Value;

    public static IReadOnlyList<JsonElement> Rows(string file) => SharedFixtures.ReadJsonLines("fixtures/tokenizer/" + file);

    public static int[] Ints(JsonElement array)
    {
        var result = new int[array.GetArrayLength()];
        int i = 0;
        foreach (JsonElement e in array.EnumerateArray())
        {
            result[i++] = e.GetInt32();
        }

        return result;
    }

    /// <summary>A <c>cases.jsonl</c> <c>offsets</c> array as ranges.</summary>
    public static Range[] Ranges(JsonElement offsets) =>
        offsets.EnumerateArray().Select(p => new Range(p[0].GetInt32(), p[1].GetInt32())).ToArray();

    public static string[] Strings(JsonElement array)
    {
        var result = new string[array.GetArrayLength()];
        int i = 0;
        foreach (JsonElement e in array.EnumerateArray())
        {
            result[i++] = e.GetString()!;
        }

        return result;
    }

    public static string Show<T>(IEnumerable<T> values) => "[" + string.Join(", ", values) + "]";

    public static string Escape(string text)
    {
        var b = new StringBuilder();
        foreach (char c in text.Length > 200 ? text[..200] + "…" : text)
        {
            if (c < ' ' || (c >= 0x7f && c < 0xa0))
            {
                b.Append($"\\u{(int)c:x4}");
            }
            else
            {
                b.Append(c);
            }
        }

        return b.ToString();
    }

    /// <summary>Fails with the number of mismatches and the first few, or passes when there are none.</summary>
    public static void AssertNoMismatches(string what, int total, List<string> mismatches)
    {
        if (mismatches.Count > 0)
        {
            Assert.Fail($"{mismatches.Count} of {total} {what} mismatch. First ones:\n" + string.Join("\n\n", mismatches.Take(5)));
        }

        Assert.IsTrue(total > 0, $"no {what} were read");
    }
}

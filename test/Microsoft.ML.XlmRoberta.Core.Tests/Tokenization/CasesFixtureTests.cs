using System.Text.Json;
using Microsoft.ML.XlmRoberta.Tokenization;
using static Microsoft.ML.XlmRoberta.Tests.Tokenization.TokenizerFixture;

namespace Microsoft.ML.XlmRoberta.Tests.Tokenization;

/// <summary>Every case of <c>fixtures/tokenizer/cases.jsonl</c>: ids, tokens and offsets must equal Hugging Face's.</summary>
[TestClass]
public sealed class CasesFixtureTests
{
    [TestMethod]
    public void IdsTokensAndOffsetsMatchEveryCase() => CheckAllCases(useWordCache: true);

    [TestMethod]
    public void WholeTextViterbiMatchesEveryCase() => CheckAllCases(useWordCache: false);

    [TestMethod]
    public void CountTokensAndSpanApisAgreeWithEncode()
    {
        XlmRobertaTokenizer tokenizer = Tokenizer;
        var mismatches = new List<string>();
        var ids = new List<int>();
        var offsets = new List<TokenOffset>();
        IReadOnlyList<JsonElement> rows = Rows("cases.jsonl");
        foreach (JsonElement row in rows)
        {
            string text = row.GetProperty("text").GetString()!;
            int[] expected = Ints(row.GetProperty("ids"));
            ids.Clear();
            offsets.Clear();
            tokenizer.EncodeToIds(text, ids, offsets);
            var buffer = new int[expected.Length];
            bool ok = tokenizer.TryEncodeToIds(text, buffer, out int written)
                && written == expected.Length
                && buffer.AsSpan().SequenceEqual(expected)
                && ids.SequenceEqual(expected)
                && tokenizer.CountTokens(text) == expected.Length
                && tokenizer.EncodeToIds(text).SequenceEqual(expected)
                && tokenizer.EncodeToIds(text, addSpecialTokens: false).SequenceEqual(expected[1..^1])
                && offsets.Count == expected.Length
                && !tokenizer.TryEncodeToIds(text, new int[expected.Length - 1], out int needed) && needed == expected.Length;
            if (!ok)
            {
                mismatches.Add($"text: {Escape(text)}\nexpected: {Show(expected)}\nEncodeToIds: {Show(ids)}\nTryEncodeToIds: {Show(buffer)} ({written})");
            }
        }

        AssertNoMismatches("cases (span APIs)", rows.Count, mismatches);
    }

    private static void CheckAllCases(bool useWordCache)
    {
        XlmRobertaTokenizer tokenizer = XlmRobertaTokenizer.FromModelFolder(Microsoft.ML.XlmRoberta.TestSupport.SharedFixtures.Model("fill-mask"));
        tokenizer.UseWordCache = useWordCache;
        var mismatches = new List<string>();
        IReadOnlyList<JsonElement> rows = Rows("cases.jsonl");
        var noTruncation = new XlmRobertaEncodeOptions { Truncation = false };
        foreach (JsonElement row in rows)
        {
            string text = row.GetProperty("text").GetString()!;
            int[] expectedIds = Ints(row.GetProperty("ids"));
            string[] expectedTokens = Strings(row.GetProperty("tokens"));
            var expectedOffsets = new List<TokenOffset>();
            foreach (JsonElement pair in row.GetProperty("offsets").EnumerateArray())
            {
                expectedOffsets.Add(new TokenOffset(pair[0].GetInt32(), pair[1].GetInt32()));
            }

            XlmRobertaEncoding encoding = tokenizer.Encode(text, null, noTruncation);
            bool idsOk = encoding.Ids.SequenceEqual(expectedIds);
            bool tokensOk = encoding.Tokens.SequenceEqual(expectedTokens);
            bool offsetsOk = encoding.Offsets.SequenceEqual(expectedOffsets);
            if (!idsOk || !tokensOk || !offsetsOk)
            {
                mismatches.Add(
                    $"lang {row.GetProperty("lang").GetString()} text: {Escape(text)}\n" +
                    (idsOk ? string.Empty : $"ids expected {Show(expectedIds)}\n    actual   {Show(encoding.Ids)}\n") +
                    (tokensOk ? string.Empty : $"tokens expected {Show(expectedTokens)}\n       actual   {Show(encoding.Tokens)}\n") +
                    (offsetsOk ? string.Empty : $"offsets expected {Show(expectedOffsets)}\n        actual   {Show(encoding.Offsets)}"));
            }
        }

        AssertNoMismatches("cases.jsonl cases", rows.Count, mismatches);
    }
}

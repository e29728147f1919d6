using System.Text.Json;
using Microsoft.ML.XlmRoberta.Tokenization;
using static Microsoft.ML.XlmRoberta.Tests.Tokenization.TokenizerFixture;

namespace Microsoft.ML.XlmRoberta.Tests.Tokenization;

/// <summary>Every case of <c>pairs.jsonl</c> and <c>truncation.jsonl</c>.</summary>
[TestClass]
public sealed class PairsAndTruncationFixtureTests
{
    [TestMethod]
    public void PairsMatchEveryCase()
    {
        XlmRobertaTokenizer tokenizer = Tokenizer;
        var mismatches = new List<string>();
        IReadOnlyList<JsonElement> rows = Rows("pairs.jsonl");
        foreach (JsonElement row in rows)
        {
            string text = row.GetProperty("text").GetString()!;
            string pair = row.GetProperty("text_pair").GetString()!;
            JsonElement max = row.GetProperty("max_length");
            int[] expectedIds = Ints(row.GetProperty("ids"));
            string[] expectedTokens = Strings(row.GetProperty("tokens"));
            XlmRobertaEncodeOptions options = max.ValueKind == JsonValueKind.Null
                ? new XlmRobertaEncodeOptions { Truncation = false }
                : new XlmRobertaEncodeOptions { MaxLength = max.GetInt32(), TruncationStrategy = TruncationStrategy.LongestFirst };
            XlmRobertaEncoding encoding = tokenizer.Encode(text, pair, options);
            int firstSep = Array.IndexOf(expectedIds, 2);
            bool sequenceIdsOk = encoding.SequenceIds.Count == expectedIds.Length
                && encoding.SequenceIds[0] == -1 && encoding.SequenceIds[firstSep] == -1 && encoding.SequenceIds[firstSep + 1] == -1
                && encoding.SequenceIds[^1] == -1
                && encoding.SequenceIds.Skip(1).Take(firstSep - 1).All(s => s == 0)
                && encoding.SequenceIds.Skip(firstSep + 2).Take(expectedIds.Length - firstSep - 3).All(s => s == 1);
            if (!encoding.Ids.SequenceEqual(expectedIds) || !encoding.Tokens.SequenceEqual(expectedTokens) || !sequenceIdsOk)
            {
                mismatches.Add($"text: {Escape(text)}\npair: {Escape(pair)}\nmax_length: {max}\nexpected {Show(expectedIds)}\nactual   {Show(encoding.Ids)}\nsequence ids {Show(encoding.SequenceIds)}");
            }
        }

        AssertNoMismatches("pairs.jsonl cases", rows.Count, mismatches);
    }

    [TestMethod]
    public void TruncationMatchesEveryCase()
    {
        XlmRobertaTokenizer tokenizer = Tokenizer;
        var mismatches = new List<string>();
        IReadOnlyList<JsonElement> rows = Rows("truncation.jsonl");
        foreach (JsonElement row in rows)
        {
            string text = row.GetProperty("text").GetString()!;
            int max = row.GetProperty("max_length").GetInt32();
            int[] expectedIds = Ints(row.GetProperty("ids"));
            XlmRobertaEncoding encoding = tokenizer.Encode(text, null, new XlmRobertaEncodeOptions { MaxLength = max });
            XlmRobertaEncoding whole = tokenizer.Encode(text, null, new XlmRobertaEncodeOptions { Truncation = false });
            bool ok = encoding.Ids.SequenceEqual(expectedIds)
                && encoding.IsTruncated == (whole.Count > max)
                && whole.Ids.Take(expectedIds.Length - 1).SequenceEqual(expectedIds.Take(expectedIds.Length - 1))
                && (!row.TryGetProperty("full_length", out JsonElement full) || full.GetInt32() == whole.Count);
            if (!ok)
            {
                mismatches.Add($"text: {Escape(text)}\nmax_length: {max}\nexpected {Show(expectedIds)}\nactual   {Show(encoding.Ids)}\nuntruncated count {whole.Count}");
            }
        }

        AssertNoMismatches("truncation.jsonl cases", rows.Count, mismatches);
    }

    [TestMethod]
    public void DefaultMaxLengthComesFromTokenizerConfig()
    {
        XlmRobertaTokenizer tokenizer = Tokenizer;
        Assert.AreEqual(512, tokenizer.ModelMaxLength);
        JsonElement row = Rows("truncation.jsonl").First(r => r.GetProperty("max_length").GetInt32() == 512);
        XlmRobertaEncoding encoding = tokenizer.Encode(row.GetProperty("text").GetString()!);
        CollectionAssert.AreEqual(Ints(row.GetProperty("ids")), encoding.Ids.ToArray());
        Assert.IsTrue(encoding.IsTruncated);
    }
}

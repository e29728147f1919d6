using System.Text.Json;
using Microsoft.ML.XlmRoberta.Tokenization;
using static Microsoft.ML.XlmRoberta.Tests.Tokenization.TokenizerFixture;

namespace Microsoft.ML.XlmRoberta.Tests.Tokenization;

/// <summary>Every case of <c>decode.jsonl</c>: decoding with and without special tokens, and the ids of its texts.</summary>
[TestClass]
public sealed class DecodeFixtureTests
{
    [TestMethod]
    public void DecodeMatchesEveryCase()
    {
        XlmRobertaTokenizer tokenizer = Tokenizer;
        var mismatches = new List<string>();
        IReadOnlyList<JsonElement> rows = Rows("decode.jsonl");
        foreach (JsonElement row in rows)
        {
            string text = row.GetProperty("text").GetString()!;
            int[] ids = Ints(row.GetProperty("ids"));
            string expected = row.GetProperty("decoded").GetString()!;
            string expectedKeep = row.GetProperty("decoded_keep_special").GetString()!;
            string actual = tokenizer.Decode(ids);
            string actualKeep = tokenizer.Decode(ids.ToList(), skipSpecialTokens: false);
            bool idsOk = tokenizer.Encode(text, null, new XlmRobertaEncodeOptions { Truncation = false }).Ids.SequenceEqual(ids);
            if (actual != expected || actualKeep != expectedKeep || !idsOk)
            {
                mismatches.Add($"text: {Escape(text)}\nids: {Show(ids)} (encode {(idsOk ? "matches" : "differs")})\nexpected «{Escape(expected)}» / «{Escape(expectedKeep)}»\nactual   «{Escape(actual)}» / «{Escape(actualKeep)}»");
            }
        }

        AssertNoMismatches("decode.jsonl cases", rows.Count, mismatches);
    }

    [TestMethod]
    public void DecodeRejectsIdsOutsideTheVocabulary()
    {
        XlmRobertaTokenizer tokenizer = Tokenizer;
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => tokenizer.Decode([0, tokenizer.VocabularySize]));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => tokenizer.Decode([-1]));
    }
}

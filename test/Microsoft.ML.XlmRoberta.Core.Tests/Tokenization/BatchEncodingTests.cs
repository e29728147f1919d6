using System.Text.Json;
using Microsoft.ML.XlmRoberta.Tokenization;
using static Microsoft.ML.XlmRoberta.Tests.Tokenization.TokenizerFixture;

namespace Microsoft.ML.XlmRoberta.Tests.Tokenization;

/// <summary>Batch encoding, padding and the truncation strategies beyond longest_first.</summary>
[TestClass]
public sealed class BatchEncodingTests
{
    [TestMethod]
    public void BatchIsPaddedToTheLongestRowWithMasks()
    {
        XlmRobertaTokenizer tokenizer = Tokenizer;
        IReadOnlyList<JsonElement> rows = Rows("cases.jsonl").Take(7).ToList();
        string[] texts = rows.Select(r => r.GetProperty("text").GetString()!).ToArray();
        int[][] expected = rows.Select(r => Ints(r.GetProperty("ids"))).ToArray();
        foreach (int? multiple in new int?[] { null, 8, 5 })
        {
            XlmRobertaBatchEncoding batch = tokenizer.EncodeBatch(texts, null, new XlmRobertaEncodeOptions { PadToMultipleOf = multiple });
            int longest = expected.Max(e => e.Length);
            int length = multiple is int m ? (longest + m - 1) / m * m : longest;
            Assert.AreEqual(length, batch.SequenceLength);
            Assert.AreEqual(texts.Length * length, batch.InputIds.Length);
            for (int r = 0; r < texts.Length; r++)
            {
                for (int i = 0; i < length; i++)
                {
                    bool token = i < expected[r].Length;
                    Assert.AreEqual(token ? expected[r][i] : tokenizer.PadTokenId, batch.InputIds[(r * length) + i], $"row {r} position {i}");
                    Assert.AreEqual(token ? 1L : 0L, batch.AttentionMask[(r * length) + i], $"row {r} position {i}");
                }

                CollectionAssert.AreEqual(expected[r], batch.Encodings[r].Ids.ToArray());
            }
        }
    }

    [TestMethod]
    public void BatchPaddingRejectsShortBuffersAndLongRows()
    {
        XlmRobertaTokenizer tokenizer = Tokenizer;
        XlmRobertaEncoding[] rows = [tokenizer.Encode("Hello world!"), tokenizer.Encode("")];
        Assert.ThrowsExactly<ArgumentException>(() => BatchPadding.Pad(rows, 5, 1, new long[9], new long[10]));
        Assert.ThrowsExactly<ArgumentException>(() => BatchPadding.Pad(rows, 5, 1, new long[10], new long[9]));
        Assert.ThrowsExactly<ArgumentException>(() => BatchPadding.Pad(rows, 4, 1, new long[8], new long[8]));
        var ids = new long[10];
        var mask = new long[10];
        BatchPadding.Pad(rows, 5, 1, ids, mask);
        CollectionAssert.AreEqual(new long[] { 0, 35378, 8999, 38, 2, 0, 2, 1, 1, 1 }, ids);
        CollectionAssert.AreEqual(new long[] { 1, 1, 1, 1, 1, 1, 1, 0, 0, 0 }, mask);
    }

    [TestMethod]
    public void OnlyFirstAndOnlySecondTruncateTheNamedSequence()
    {
        // The untruncated pair ids come from pairs.jsonl; HF's only_first/only_second cut the tail of one side.
        XlmRobertaTokenizer tokenizer = Tokenizer;
        foreach (JsonElement row in Rows("pairs.jsonl").Where(r => r.GetProperty("max_length").ValueKind == JsonValueKind.Null))
        {
            string text = row.GetProperty("text").GetString()!;
            string pair = row.GetProperty("text_pair").GetString()!;
            int[] full = Ints(row.GetProperty("ids"));
            int sep = Array.IndexOf(full, 2);
            int[] a = full[1..sep];
            int[] b = full[(sep + 2)..^1];
            const int Remove = 3;
            int max = full.Length - Remove;

            XlmRobertaEncoding first = tokenizer.Encode(text, pair, new XlmRobertaEncodeOptions { MaxLength = max, TruncationStrategy = TruncationStrategy.OnlyFirst });
            int[] expectedFirst = a.Length > Remove ? [0, .. a[..^Remove], 2, 2, .. b, 2] : full;
            CollectionAssert.AreEqual(expectedFirst, first.Ids.ToArray(), $"only_first: {text} / {pair}");
            Assert.AreEqual(a.Length > Remove, first.IsTruncated);

            XlmRobertaEncoding second = tokenizer.Encode(text, pair, new XlmRobertaEncodeOptions { MaxLength = max, TruncationStrategy = TruncationStrategy.OnlySecond });
            int[] expectedSecond = b.Length > Remove ? [0, .. a, 2, 2, .. b[..^Remove], 2] : full;
            CollectionAssert.AreEqual(expectedSecond, second.Ids.ToArray(), $"only_second: {text} / {pair}");
        }
    }

    [TestMethod]
    public void WithoutSpecialTokensOnlyTheTextIdsRemain()
    {
        XlmRobertaTokenizer tokenizer = Tokenizer;
        JsonElement row = Rows("pairs.jsonl").First();
        int[] full = Ints(row.GetProperty("ids"));
        int sep = Array.IndexOf(full, 2);
        XlmRobertaEncoding encoding = tokenizer.Encode(row.GetProperty("text").GetString()!, row.GetProperty("text_pair").GetString(), new XlmRobertaEncodeOptions { AddSpecialTokens = false });
        CollectionAssert.AreEqual(full[1..sep].Concat(full[(sep + 2)..^1]).ToArray(), encoding.Ids.ToArray());
    }
}

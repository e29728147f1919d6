using System.Buffers;
using System.Text.Json;
using Microsoft.ML.Tokenizers;
using Microsoft.ML.XlmRoberta.Tokenization;
using static Microsoft.ML.XlmRoberta.Tests.Tokenization.TokenizerFixture;

namespace Microsoft.ML.XlmRoberta.Tests.Tokenization;

/// <summary>
/// <see cref="XlmRobertaTokenizer"/> used only through the Microsoft.ML.Tokenizers <see cref="Tokenizer"/> base class:
/// every <c>cases.jsonl</c> case must give Hugging Face's ids, tokens and offsets, and the counting, truncation and
/// decoding members must agree with them.
/// </summary>
[TestClass]
public sealed class MLTokenizersContractTests
{
    [TestMethod]
    public void EncodesEveryCaseWhereATokenizerIsExpected()
    {
        Tokenizer tokenizer = TokenizerFixture.Tokenizer;
        var mismatches = new List<string>();
        IReadOnlyList<JsonElement> rows = Rows("cases.jsonl");
        foreach (JsonElement row in rows)
        {
            string text = row.GetProperty("text").GetString()!;
            int[] ids = Ints(row.GetProperty("ids"));
            string[] tokens = Strings(row.GetProperty("tokens"));
            Range[] offsets = Ranges(row.GetProperty("offsets"));
            IReadOnlyList<EncodedToken> encoded = tokenizer.EncodeToTokens(text, out string? normalized);
            bool ok = GenericIds(tokenizer, text).SequenceEqual(ids)
                && tokenizer.EncodeToIds(text.AsSpan()).SequenceEqual(ids)
                && encoded.Select(t => t.Id).SequenceEqual(ids)
                && encoded.Select(t => t.Value).SequenceEqual(tokens)
                && encoded.Select(t => t.Offset).SequenceEqual(offsets)
                && normalized is null
                && tokenizer.CountTokens(text) == ids.Length
                && tokenizer.CountTokens(text.AsSpan()) == ids.Length;
            if (!ok)
            {
                mismatches.Add($"text: {Escape(text)}\nexpected {Show(ids)}\nactual   {Show(encoded.Select(t => $"{t.Id}@{t.Offset}"))}");
            }
        }

        AssertNoMismatches("cases through Microsoft.ML.Tokenizers.Tokenizer", rows.Count, mismatches);
    }

    [TestMethod]
    public void TruncationMembersCutBetweenTheReferenceTokens()
    {
        Tokenizer tokenizer = TokenizerFixture.Tokenizer;
        var mismatches = new List<string>();
        int checkedCases = 0;
        foreach (JsonElement row in Rows("cases.jsonl"))
        {
            string text = row.GetProperty("text").GetString()!;
            int[] ids = Ints(row.GetProperty("ids"));
            int[][] offsets = row.GetProperty("offsets").EnumerateArray().Select(p => new[] { p[0].GetInt32(), p[1].GetInt32() }).ToArray();
            if (ids.Length < 6)
            {
                continue;
            }

            checkedCases++;
            int max = 2 + ((ids.Length - 2) / 2);

            // From the start: <s> + the first k reference tokens + </s>, ending where token k ends.
            int index = tokenizer.GetIndexByTokenCount(text, max, out string? normalized, out int count);
            int k = count - 2;
            IReadOnlyList<int> truncated = tokenizer.EncodeToIds(text, max, out string? normalized2, out int consumed);
            bool startOk = normalized is null && normalized2 is null && count <= max && k >= 0
                && index == (k == 0 ? 0 : offsets[k][1]) && consumed == index
                && truncated.SequenceEqual(ids[..(k + 1)].Append(2));

            // From the end: <s> + the last k reference tokens + </s>, starting where the first of them starts.
            int fromEnd = tokenizer.GetIndexByTokenCountFromEnd(text, max, out _, out int endCount);
            int j = endCount - 2;
            bool endOk = endCount <= max && j >= 0 && fromEnd == (j == 0 ? text.Length : offsets[ids.Length - 1 - j][0]);
            if (!startOk || !endOk)
            {
                mismatches.Add($"text: {Escape(text)} max {max}: start index {index} count {count} ids {Show(truncated)}; end index {fromEnd} count {endCount}\nreference {Show(ids)}");
            }
        }

        AssertNoMismatches("cases (GetIndexByTokenCount, MaxTokenCount)", checkedCases, mismatches);
    }

    [TestMethod]
    public void DecodeMatchesTheReferenceThroughTheBaseClass()
    {
        Tokenizer tokenizer = TokenizerFixture.Tokenizer;
        var mismatches = new List<string>();
        IReadOnlyList<JsonElement> rows = Rows("decode.jsonl");
        foreach (JsonElement row in rows)
        {
            int[] ids = Ints(row.GetProperty("ids"));
            string expected = row.GetProperty("decoded").GetString()!;
            var buffer = new char[expected.Length];
            OperationStatus status = tokenizer.Decode(ids, buffer, out int consumed, out int written);
            var small = new char[expected.Length / 2];
            OperationStatus smallStatus = tokenizer.Decode(ids, small, out int smallConsumed, out int smallWritten);
            bool ok = tokenizer.Decode(ids) == expected
                && status == OperationStatus.Done && consumed == ids.Length && new string(buffer, 0, written) == expected
                && (expected.Length == 0 || (smallStatus == OperationStatus.DestinationTooSmall && smallConsumed < ids.Length
                    && new string(small, 0, smallWritten) == tokenizer.Decode(ids[..smallConsumed])));
            if (!ok)
            {
                mismatches.Add($"ids {Show(ids)}: expected «{Escape(expected)}», got «{Escape(tokenizer.Decode(ids) ?? "null")}» ({status}, {consumed}, {written}; small {smallStatus})");
            }
        }

        AssertNoMismatches("decode cases through Microsoft.ML.Tokenizers.Tokenizer", rows.Count, mismatches);
    }

    [TestMethod]
    public void NormalizerShowsWhatTheSegmenterSees()
    {
        Tokenizer tokenizer = TokenizerFixture.Tokenizer;
        Assert.IsNull(tokenizer.PreTokenizer);
        Assert.IsNotNull(tokenizer.Normalizer);

        // cases.jsonl: "ﬁ" and "①" normalize (nmt_nfkc) to "fi" and "1", runs of spaces collapse and ▁ marks words.
        Assert.AreEqual("\u2581fi\u25811", tokenizer.Normalizer.Normalize("  \uFB01   \u2460 "));
    }

    /// <summary>Code written against the base class only.</summary>
    private static IReadOnlyList<int> GenericIds(Tokenizer tokenizer, string text) => tokenizer.EncodeToIds(text);
}

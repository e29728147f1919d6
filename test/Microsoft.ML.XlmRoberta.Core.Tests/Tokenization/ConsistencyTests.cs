using System.Text;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.ML.XlmRoberta.TestSupport;
using Microsoft.ML.XlmRoberta.Tokenization;
using static Microsoft.ML.XlmRoberta.Tests.Tokenization.TokenizerFixture;

namespace Microsoft.ML.XlmRoberta.Tests.Tokenization;

/// <summary>Internal consistency: the word cache against the whole-text search, and concurrent use.</summary>
[TestClass]
public sealed class ConsistencyTests
{
    [TestMethod]
    public void WordCacheAgreesWithWholeTextSearchOnLongTexts()
    {
        // Long texts make the path score large, so float rounding decides near-ties differently than in a short
        // text; the cache must notice and re-search. "‴" normalizes to three primes, an exact tie between
        // ′+′′ and ′′+′ that SentencePiece breaks by search order.
        XlmRobertaTokenizer cached = XlmRobertaTokenizer.FromModelFolder(SharedFixtures.Model("fill-mask"));
        XlmRobertaTokenizer whole = XlmRobertaTokenizer.FromModelFolder(SharedFixtures.Model("fill-mask"));
        whole.UseWordCache = false;
        List<string> texts = Rows("cases.jsonl").Select(r => r.GetProperty("text").GetString()!).ToList();
        var random = new Random(12345);
        var options = new XlmRobertaEncodeOptions { Truncation = false };
        for (int round = 0; round < 40; round++)
        {
            var builder = new StringBuilder();
            int count = random.Next(5, 400);
            for (int i = 0; i < count; i++)
            {
                builder.Append(texts[random.Next(texts.Count)]).Append(random.Next(4) == 0 ? " ‴ x‴y ′′′ " : " ");
            }

            string text = builder.ToString();
            XlmRobertaEncoding a = cached.Encode(text, null, options);
            XlmRobertaEncoding b = whole.Encode(text, null, options);
            if (!a.Ids.SequenceEqual(b.Ids) || !a.Offsets.SequenceEqual(b.Offsets))
            {
                int first = Enumerable.Range(0, Math.Min(a.Count, b.Count)).FirstOrDefault(i => a.Ids[i] != b.Ids[i] || a.Offsets[i] != b.Offsets[i]);
                Assert.Fail($"round {round}: cached and whole-text encodings differ at token {first}: {a.Tokens[first]} {a.Offsets[first]} vs {b.Tokens[first]} {b.Offsets[first]}");
            }
        }
    }

    [TestMethod]
    public void LongRunsWithoutSpacesAgreeWithWholeTextSearch()
    {
        // Runs without spaces longer than SentencePieceEncoder.LongWordBytes are searched in a sliding window whose
        // pieces are emitted as they become final (with unknown runs kept open across emissions); the whole-text search
        // keeps the full table. The letters and digits of the fixture texts (all scripts, unknown characters included),
        // run together into runs of several windows.
        XlmRobertaTokenizer streamed = XlmRobertaTokenizer.FromModelFolder(SharedFixtures.Model("fill-mask"));
        XlmRobertaTokenizer whole = XlmRobertaTokenizer.FromModelFolder(SharedFixtures.Model("fill-mask"));
        whole.UseWordCache = false;
        int longWord = Microsoft.ML.XlmRoberta.Tokenization.SentencePiece.SentencePieceEncoder.LongWordBytes;
        var builder = new StringBuilder();
        int run = 0;
        IReadOnlyList<JsonElement> rows = Rows("cases.jsonl");
        for (int k = 0; builder.Length < 16 * longWord; k++)
        {
            JsonElement row = rows[k % rows.Count];
            foreach (char c in row.GetProperty("text").GetString()!)
            {
                if (char.IsLetterOrDigit(c) || char.IsSurrogate(c))
                {
                    builder.Append(c);
                    run++;
                }
            }

            if (run > 5 * longWord)
            {
                builder.Append(' ');
                run = 0;
            }
        }

        string text = builder.ToString();
        var options = new XlmRobertaEncodeOptions { Truncation = false };
        XlmRobertaEncoding a = streamed.Encode(text, null, options);
        XlmRobertaEncoding b = whole.Encode(text, null, options);
        int first = Enumerable.Range(0, Math.Min(a.Count, b.Count)).FirstOrDefault(i => a.Ids[i] != b.Ids[i] || a.Offsets[i] != b.Offsets[i], -1);
        Assert.AreEqual(-1, first, first < 0 ? string.Empty : $"streamed and whole-text encodings differ at token {first}: {a.Tokens[first]} {a.Offsets[first]} vs {b.Tokens[first]} {b.Offsets[first]}");
        Assert.AreEqual(b.Count, a.Count);

        // The ids-only path (no offset maps, tokens appended straight to the caller's list) gives the same ids.
        var ids = new List<int>();
        streamed.EncodeToIds(text.AsSpan(), ids, null, addSpecialTokens: true);
        CollectionAssert.AreEqual(b.Ids.ToArray(), ids);
    }

    [TestMethod]
    public void ConcurrentEncodingGivesTheFixtureIds()
    {
        XlmRobertaTokenizer tokenizer = Tokenizer;
        IReadOnlyList<JsonElement> rows = Rows("cases.jsonl");
        int failures = 0;
        Parallel.For(0, rows.Count * 2, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            JsonElement row = rows[i % rows.Count];
            XlmRobertaEncoding encoding = tokenizer.Encode(row.GetProperty("text").GetString()!, null, new XlmRobertaEncodeOptions { Truncation = false });
            if (!encoding.Ids.SequenceEqual(Ints(row.GetProperty("ids"))))
            {
                Interlocked.Increment(ref failures);
            }
        });
        Assert.AreEqual(0, failures, "cases encoded concurrently differ from the fixture");
    }

    [TestMethod]
    public void NormalizerFastPathAgreesWithRuleByRuleNormalization()
    {
        // The normalizer copies a character no rule can match at once, and a character that rules only extend (a letter
        // a combining mark composes with) whenever the next byte cannot continue a rule. The peer here is normalizer.cc's
        // plain loop: the longest rule at each position, else the character itself. Every BMP character is tried alone
        // and before followers that do and do not continue rules (combining marks, Arabic, Indic, Thai, kana, half-width).
        var loaded = Microsoft.ML.XlmRoberta.Tokenization.SentencePiece.SentencePieceModelLoader.Load(
            Path.Combine(SharedFixtures.Model("fill-mask"), XlmRobertaTokenizer.SentencePieceModelFileName));
        var charsMap = new Microsoft.ML.XlmRoberta.Tokenization.Normalization.PrecompiledCharsMap(loaded.Proto.PrecompiledCharsMap);
        string[] followers = ["", "x", "\u0301", "\u0308", "\u0651", "\u093C", "\u0E48", "\u3099", "\uFF9E", "\u00E9"];
        var normalized = new GrowableBuffer<byte>();
        var expected = new List<byte>();
        int compared = 0;
        for (int c = 0x21; c < 0x10000; c++)
        {
            if (c is >= 0xD800 and <= 0xDFFF)
            {
                continue;
            }

            foreach (string follower in followers)
            {
                byte[] input = Encoding.UTF8.GetBytes(((char)c).ToString() + follower);
                expected.Clear();
                expected.AddRange("\u2581"u8.ToArray());
                for (int at = 0; at < input.Length;)
                {
                    int matched = charsMap.Match(input.AsSpan(at), out ReadOnlySpan<byte> replacement);
                    if (matched == 0)
                    {
                        matched = Microsoft.ML.XlmRoberta.Tokenization.Normalization.Utf8.ValidCharLength(input.AsSpan(at));
                        replacement = input.AsSpan(at, matched);
                    }

                    expected.AddRange(replacement.ToArray());
                    at += matched;
                }

                // Spaces in a replacement bring in whitespace handling, which is not the point here.
                if (expected.Contains((byte)' ') || expected.Count == 3)
                {
                    continue;
                }

                loaded.Normalizer.Normalize(input, default, normalized, null);
                if (!normalized.Span.SequenceEqual(CollectionsMarshal.AsSpan(expected)))
                {
                    Assert.Fail($"U+{c:X4} + \"{follower}\": {Convert.ToHexString(normalized.Span)} vs rule by rule {Convert.ToHexString(expected.ToArray())}");
                }

                compared++;
            }
        }

        Assert.IsGreaterThan(500_000, compared);
    }
}

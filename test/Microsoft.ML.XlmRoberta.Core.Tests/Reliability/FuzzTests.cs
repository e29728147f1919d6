using System.Collections.Concurrent;
using System.Text;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Pooling;
using Microsoft.ML.XlmRoberta.Tests.TestData;
using Microsoft.ML.XlmRoberta.Tokenization;

namespace Microsoft.ML.XlmRoberta.Tests.Reliability;

/// <summary>
/// Seeded random strings (any UTF-16 unit, lone surrogates, controls, special-token text, very long runs) through the
/// tokenizer and through Embed on the tiny feature-extraction model, on several threads: no exception at all (every
/// string is a valid input), ids inside the vocabulary, offsets inside the text, embeddings finite.
/// </summary>
[TestClass]
public sealed class FuzzTests
{
    private const int TokenizerStrings = 100_000;
    private const int EmbeddedStrings = 4_000;

    [TestMethod]
    public void TokenizerSurvives100kFuzzedStrings()
    {
        XlmRobertaTokenizer tokenizer = Models.Shared("feature-extraction").Tokenizer;
        int vocabulary = tokenizer.VocabularySize;
        var failures = new ConcurrentQueue<string>();
        long tokens = 0;
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 4 }, worker =>
        {
            var random = new Random(1000 + worker);
            var ids = new List<int>();
            var offsets = new List<TokenOffset>();
            for (int i = worker; i < TokenizerStrings; i += 8)
            {
                string text = FuzzText.Next(random, i);
                try
                {
                    XlmRobertaEncoding encoding = i % 4 == 0
                        ? tokenizer.Encode(text, FuzzText.Next(random, i + 1), new XlmRobertaEncodeOptions { MaxLength = 64 })
                        : tokenizer.Encode(text);
                    ids.Clear();
                    offsets.Clear();
                    tokenizer.EncodeToIds(text, ids, offsets);
                    Interlocked.Add(ref tokens, encoding.Count);
                    for (int t = 0; t < encoding.Count; t++)
                    {
                        if ((uint)encoding.Ids[t] >= (uint)vocabulary)
                        {
                            failures.Enqueue($"string {i}: id {encoding.Ids[t]} outside the vocabulary");
                        }
                    }

                    foreach (TokenOffset offset in offsets)
                    {
                        if (offset.Start < 0 || offset.End < offset.Start || offset.End > text.Length)
                        {
                            failures.Enqueue($"string {i}: offset {offset} outside [0, {text.Length}]");
                        }
                    }

                    if (i % 8 == 0 && !encoding.IsTruncated && !ids.SequenceEqual(encoding.Ids) && i % 4 != 0)
                    {
                        failures.Enqueue($"string {i}: EncodeToIds and Encode disagree");
                    }
                }
                catch (Exception e)
                {
                    failures.Enqueue($"string {i} ({FuzzText.Describe(text)}): {e.GetType().FullName}: {e.Message}");
                }
            }
        });
        Assert.IsEmpty(failures, $"{failures.Count} failures, first: {string.Join(" | ", failures.Take(5))}");
        Assert.IsGreaterThan(TokenizerStrings, tokens);
    }

    [TestMethod]
    public void EmbedSurvivesFuzzedStringsOnFourThreads()
    {
        using XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(
            TestSupport.SharedFixtures.Model("feature-extraction"), new XlmRobertaEncoderOptions { IntraOpThreads = 1, MaxSequenceLength = 128 });
        var extractor = new XlmRobertaFeatureExtractor(encoder, new FeatureExtractionOptions { Normalize = true });
        var failures = new ConcurrentQueue<string>();
        long embedded = 0;
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, worker =>
        {
            var random = new Random(2000 + worker);
            for (int start = worker * 8; start < EmbeddedStrings; start += 32)
            {
                string[] texts = [.. Enumerable.Range(start, 8).Select(i => FuzzText.Next(random, i))];
                try
                {
                    EmbeddingResult[] results = extractor.Embed(texts);
                    foreach (EmbeddingResult result in results)
                    {
                        if (result.Embedding.Length != 32 || !result.Embedding.All(float.IsFinite))
                        {
                            failures.Enqueue($"texts {start}..{start + 7}: a non-finite or wrong-sized embedding");
                        }
                    }

                    Interlocked.Add(ref embedded, results.Length);
                }
                catch (Exception e)
                {
                    failures.Enqueue($"texts {start}..{start + 7}: {e.GetType().FullName}: {e.Message}");
                }
            }
        });
        Assert.IsEmpty(failures, $"{failures.Count} failures, first: {string.Join(" | ", failures.Take(5))}");
        Assert.AreEqual(EmbeddedStrings, embedded);
    }

    /// <summary>Seeded hostile strings; the kind rotates with the index so every kind is well represented.</summary>
    private static class FuzzText
    {
        private const string Controls = "\0\u0001\t\n\r\u001f\u007f\u0085\u00a0\u200b\u200d\u2028\u3000\ufeff\ufffe\uffff ";

        private static readonly string[] Specials = ["<s>", "</s>", "<pad>", "<unk>", "<mask>", "<s", "mask>", "▁", "\u2581\u2581"];

        public static string Next(Random random, int index)
        {
            var text = new StringBuilder();
            int length = random.Next(0, 40);
            switch (index % 10)
            {
                case 0: // any UTF-16 code unit, lone surrogates included
                    for (int i = 0; i < length; i++)
                    {
                        text.Append((char)random.Next(0, 0x10000));
                    }

                    break;
                case 1: // valid scalars from every plane
                    for (int i = 0; i < length; i++)
                    {
                        int scalar = random.Next(0, 0x110000);
                        text.Append(scalar is >= 0xD800 and <= 0xDFFF ? "\uFFFD" : char.ConvertFromUtf32(scalar));
                    }

                    break;
                case 2: // controls, NUL, BOM, zero-width and odd spaces
                    for (int i = 0; i < length; i++)
                    {
                        text.Append(Controls[random.Next(Controls.Length)]);
                    }

                    break;
                case 3: // special-token text and fragments glued to letters
                    for (int i = 0; i < length / 3; i++)
                    {
                        text.Append(Specials[random.Next(Specials.Length)]).Append(random.Next(3) == 0 ? " " : "x");
                    }

                    break;
                case 4: // lone high and low surrogates between letters, reversed pairs
                    for (int i = 0; i < length; i++)
                    {
                        text.Append(random.Next(4) switch { 0 => '\ud800', 1 => '\udfff', 2 => "\udc00\ud800"[random.Next(2)], _ => 'a' });
                    }

                    break;
                case 5: // combining marks piled on a base letter, emoji ZWJ sequences, bidi controls
                    text.Append('e').Append('\u0301', length).Append("👩\u200d👩\u200d👧\u200d👦\u202e\u2066abc\u2069");
                    break;
                case 6: // a very long run of one character
                    text.Append("a ,.\u3042\ud83d\ude00"[random.Next(6)], index % 1000 == 6 ? 20_000 : 600);
                    break;
                case 7: // a very long word without spaces
                    for (int i = 0; i < (index % 1000 == 7 ? 5_000 : 300); i++)
                    {
                        text.Append((char)('a' + random.Next(26)));
                    }

                    break;
                case 8: // ordinary multilingual words
                    string[] words = ["Hello", "Grüße", "日本語", "Привет", "مرحبا", "नमस्ते", "😀", "12,345.6", "don't", "Ω≈ç√"];
                    for (int i = 0; i < length / 2; i++)
                    {
                        text.Append(words[random.Next(words.Length)]).Append(' ');
                    }

                    break;
                default: // empty or whitespace only
                    text.Append(' ', length % 5);
                    break;
            }

            return text.ToString();
        }

        public static string Describe(string text) =>
            text.Length <= 40 ? string.Join(' ', text.Select(c => ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture))) : $"{text.Length} chars";
    }
}

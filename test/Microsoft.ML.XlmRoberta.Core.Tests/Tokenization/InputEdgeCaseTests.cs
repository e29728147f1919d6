using System.Text;
using System.Text.Json;
using Microsoft.ML.XlmRoberta.Tokenization;
using static Microsoft.ML.XlmRoberta.Tests.Tokenization.TokenizerFixture;

namespace Microsoft.ML.XlmRoberta.Tests.Tokenization;

/// <summary>Inputs the fixtures do not cover directly: null, lone surrogates, very long strings.</summary>
[TestClass]
public sealed class InputEdgeCaseTests
{
    [TestMethod]
    public void NullTextIsRejected()
    {
        XlmRobertaTokenizer tokenizer = Tokenizer;
        Assert.ThrowsExactly<ArgumentNullException>(() => tokenizer.Encode(null!));
        Assert.ThrowsExactly<ArgumentNullException>(() => tokenizer.CountTokens(null!));
        Assert.ThrowsExactly<ArgumentNullException>(() => tokenizer.EncodeBatch(null!));
        Assert.ThrowsExactly<ArgumentNullException>(() => tokenizer.EncodeBatch(["a", null!]));
        Assert.ThrowsExactly<ArgumentNullException>(() => tokenizer.TokenToId(null!));
        Assert.ThrowsExactly<ArgumentNullException>(() => XlmRobertaTokenizer.FromModelFolder(null!));
        Assert.ThrowsExactly<ArgumentNullException>(() => XlmRobertaTokenizer.FromFile(null!));
    }

    [TestMethod]
    public void LoneSurrogatesBehaveAsReplacementCharacters()
    {
        XlmRobertaTokenizer tokenizer = Tokenizer;
        string[] texts = ["a\uD800b", "\uDC00", "x\uDFFF\uD800y", "Hello\uD83D world", "end\uD83D", "\uDE00start"];
        foreach (string text in texts)
        {
            string replaced = text.Replace('\uD800', '\uFFFD').Replace('\uDC00', '\uFFFD').Replace('\uDFFF', '\uFFFD')
                .Replace('\uD83D', '\uFFFD').Replace('\uDE00', '\uFFFD');
            XlmRobertaEncoding actual = tokenizer.Encode(text);
            XlmRobertaEncoding expected = tokenizer.Encode(replaced);
            CollectionAssert.AreEqual(expected.Ids.ToArray(), actual.Ids.ToArray(), Escape(text));
            CollectionAssert.AreEqual(expected.Offsets.ToArray(), actual.Offsets.ToArray(), Escape(text));
        }

        // A valid surrogate pair is still one character (the emoji case of the fixtures).
        JsonElement emoji = Rows("cases.jsonl").First(r => r.GetProperty("text").GetString() == "Hello😀world 🤖🚀");
        CollectionAssert.AreEqual(Ints(emoji.GetProperty("ids")), tokenizer.Encode("Hello😀world 🤖🚀").Ids.ToArray());
    }

    [TestMethod]
    public void OneMegabyteOfRepeatedSentencesEncodesLikeTheSentence()
    {
        // "Hello world!" is ▁Hello ▁world ! in the fixtures; repeated with spaces, every copy segments the same way.
        XlmRobertaTokenizer tokenizer = Tokenizer;
        JsonElement row = Rows("cases.jsonl").First(r => r.GetProperty("text").GetString() == "Hello world!");
        int[] sentence = Ints(row.GetProperty("ids"))[1..^1];
        const string Unit = "Hello world! ";
        int copies = (1 << 20) / Unit.Length;
        string text = new StringBuilder(Unit.Length * copies).Insert(0, Unit, copies).ToString();
        XlmRobertaEncoding encoding = tokenizer.Encode(text, null, new XlmRobertaEncodeOptions { Truncation = false });
        Assert.AreEqual((sentence.Length * copies) + 2, encoding.Count);
        for (int c = 0; c < copies; c++)
        {
            for (int k = 0; k < sentence.Length; k++)
            {
                if (encoding.Ids[1 + (c * sentence.Length) + k] != sentence[k])
                {
                    Assert.Fail($"copy {c}, token {k}: expected {sentence[k]}, got {encoding.Ids[1 + (c * sentence.Length) + k]}");
                }
            }
        }

        Assert.AreEqual(new TokenOffset((copies - 1) * Unit.Length, ((copies - 1) * Unit.Length) + 5), encoding.Offsets[^4]);
        Assert.AreEqual(encoding.Count, tokenizer.CountTokens(text));
    }

    [TestMethod]
    public void OneMegabyteWordWithoutSpacesCoversTheWholeText()
    {
        // No whitespace at all: one Viterbi pass over ~1 MB (no word splitting helps); must not overflow or go quadratic.
        XlmRobertaTokenizer tokenizer = Tokenizer;
        var builder = new StringBuilder(1 << 20);
        string[] parts = ["abc", "xyz", "日本語", "😀", "Ж"];
        for (int i = 0; builder.Length < (1 << 20); i++)
        {
            builder.Append(parts[i % parts.Length]);
        }

        string text = builder.ToString();
        XlmRobertaEncoding encoding = tokenizer.Encode(text, null, new XlmRobertaEncodeOptions { Truncation = false });
        int position = 0;
        for (int i = 1; i < encoding.Count - 1; i++)
        {
            TokenOffset offset = encoding.Offsets[i];
            Assert.AreEqual(position, offset.Start, $"token {i} does not start where token {i - 1} ended");
            Assert.IsTrue(offset.End > offset.Start, $"token {i} is empty");
            position = offset.End;
        }

        Assert.AreEqual(text.Length, position);
        Assert.AreEqual(text, tokenizer.Decode(encoding.IdsSpan));
    }

    [TestMethod]
    public void LongInputIsReturnedWholeWithoutTruncation()
    {
        XlmRobertaTokenizer tokenizer = Tokenizer;
        JsonElement row = Rows("truncation.jsonl").First(r => r.GetProperty("max_length").GetInt32() == 128);
        string text = row.GetProperty("text").GetString()!;
        XlmRobertaEncoding whole = tokenizer.Encode(text, null, new XlmRobertaEncodeOptions { Truncation = false, MaxLength = 128 });
        Assert.IsFalse(whole.IsTruncated);
        Assert.AreEqual(row.GetProperty("full_length").GetInt32(), whole.Count);
        CollectionAssert.AreEqual(Ints(row.GetProperty("ids"))[..^1], whole.Ids.Take(127).ToArray());
    }
}

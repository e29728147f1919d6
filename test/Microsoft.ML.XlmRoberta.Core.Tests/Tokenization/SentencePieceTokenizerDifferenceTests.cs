using System.Text.Json;
using Microsoft.ML.Tokenizers;
using Microsoft.ML.XlmRoberta.TestSupport;
using static Microsoft.ML.XlmRoberta.Tests.Tokenization.TokenizerFixture;

namespace Microsoft.ML.XlmRoberta.Tests.Tokenization;

/// <summary>
/// Each documented difference between <c>XlmRobertaTokenizer</c> and Microsoft.ML.Tokenizers 2.0.1's
/// <see cref="SentencePieceTokenizer"/> (same <c>sentencepiece.bpe.model</c>, &lt;s&gt; and &lt;/s&gt; added), shown on
/// <c>cases.jsonl</c> texts: ours gives the reference ids, theirs does not.
/// </summary>
[TestClass]
public sealed class SentencePieceTokenizerDifferenceTests
{
    private static readonly Lazy<SentencePieceTokenizer> LazyTheirs = new(() =>
    {
        using FileStream model = File.OpenRead(Path.Combine(SharedFixtures.Model("fill-mask"), "sentencepiece.bpe.model"));
        return SentencePieceTokenizer.Create(model, true, true);
    });

    private static SentencePieceTokenizer Theirs => LazyTheirs.Value;

    [TestMethod]
    public void TheirIdsAreSentencePieceIdsNotXlmRobertaIds()
    {
        int[] reference = ReferenceIds("Hello world!");
        IReadOnlyList<int> theirs = Theirs.EncodeToIds("Hello world!");
        CollectionAssert.AreEqual(reference, TokenizerFixture.Tokenizer.EncodeToIds("Hello world!").ToArray());

        // SentencePiece's own table: <unk>=0, <s>=1, </s>=2, piece i = i; fairseq's: <s>=0, </s>=2, piece i = i + 1.
        Assert.AreEqual(1, theirs[0]);
        Assert.AreEqual(reference.Length, theirs.Count);
        CollectionAssert.AreEqual(reference[1..^1], theirs.Skip(1).SkipLast(1).Select(id => id + 1).ToArray());
    }

    [TestMethod]
    public void TheyDoNotMergeARunOfUnknownCharacters()
    {
        const string Cherokee = "ᎢᏤᎢᏳᏍᏗ ᎦᏙᎯ";
        int[] reference = ReferenceIds(Cherokee);
        CollectionAssert.AreEqual(reference, TokenizerFixture.Tokenizer.EncodeToIds(Cherokee).ToArray());
        Assert.AreEqual(2, reference.Count(id => id == 3));
        Assert.AreEqual(Cherokee.Replace(" ", string.Empty).Length, Theirs.EncodeToIds(Cherokee).Count(id => id == 0), "one <unk> per character");
    }

    [TestMethod]
    public void TheyTurnDeletedControlCharactersIntoUnknowns()
    {
        const string Text = "control\u0001\u0002\u0007chars";
        int[] reference = ReferenceIds(Text);
        CollectionAssert.AreEqual(reference, TokenizerFixture.Tokenizer.EncodeToIds(Text).ToArray());
        Assert.IsFalse(reference.Contains(3), "nmt_nfkc deletes the control characters");
        Assert.AreEqual(3, Theirs.EncodeToIds(Text).Count(id => id == 0));
    }

    [TestMethod]
    public void TheyEncodeSpecialTokenLiteralsAsText()
    {
        const string Text = "The capital of France is <mask>.";
        int[] reference = ReferenceIds(Text);
        CollectionAssert.AreEqual(reference, TokenizerFixture.Tokenizer.EncodeToIds(Text).ToArray());
        Assert.IsTrue(reference.Contains(250001));
        Assert.IsTrue(Theirs.EncodeToIds(Text).Count > reference.Length, "<mask> is spelled out in pieces");
    }

    [TestMethod]
    public void TheyAddNothingToAnEmptyText()
    {
        CollectionAssert.AreEqual(ReferenceIds(string.Empty), TokenizerFixture.Tokenizer.EncodeToIds(string.Empty).ToArray());
        Assert.AreEqual(0, Theirs.EncodeToIds(string.Empty).Count);
    }

    [TestMethod]
    public void TheirOffsetsIndexTheNormalizedText()
    {
        const string Text = "   leading and trailing   ";
        JsonElement row = Rows("cases.jsonl").First(r => r.GetProperty("text").GetString() == Text);
        Range[] reference = Ranges(row.GetProperty("offsets"));
        Tokenizer ours = TokenizerFixture.Tokenizer;
        CollectionAssert.AreEqual(reference, ours.EncodeToTokens(Text, out string? ourNormalized).Select(t => t.Offset).ToArray());
        Assert.IsNull(ourNormalized);

        IReadOnlyList<EncodedToken> theirs = Theirs.EncodeToTokens(Text, out string? normalized);
        Assert.AreEqual("▁leading▁and▁trailing", normalized);
        Assert.AreEqual("▁leading", theirs[1].Value);
        Assert.AreEqual(new Range(0, 8), theirs[1].Offset, "▁leading in the normalized string");
        Assert.AreEqual(reference[1], new Range(3, 10), "leading in the original string");
    }

    private static int[] ReferenceIds(string text) =>
        Ints(Rows("cases.jsonl").First(r => r.GetProperty("text").GetString() == text).GetProperty("ids"));
}

using Microsoft.ML.XlmRoberta.TestSupport;
using Microsoft.ML.XlmRoberta.Tokenization;
using static Microsoft.ML.XlmRoberta.Tests.Tokenization.TokenizerFixture;

namespace Microsoft.ML.XlmRoberta.Tests.Tokenization;

/// <summary>Loading: the vocabulary and special tokens read from the files, and typed errors for bad files.</summary>
[TestClass]
public sealed class ModelLoadingTests
{
    private string _temp = string.Empty;

    [TestInitialize]
    public void CreateTempFolder()
    {
        _temp = Path.Combine(Path.GetTempPath(), "xlmr-tokenizer-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_temp);
    }

    [TestCleanup]
    public void DeleteTempFolder() => Directory.Delete(_temp, recursive: true);

    [TestMethod]
    public void SpecialTokensAndVocabularyFollowTheFairseqMapping()
    {
        XlmRobertaTokenizer tokenizer = Tokenizer;
        Assert.AreEqual(0, tokenizer.BosTokenId);
        Assert.AreEqual(1, tokenizer.PadTokenId);
        Assert.AreEqual(2, tokenizer.EosTokenId);
        Assert.AreEqual(3, tokenizer.UnknownTokenId);
        Assert.AreEqual(250001, tokenizer.MaskTokenId);
        Assert.AreEqual(250002, tokenizer.VocabularySize);
        Assert.AreEqual("<mask>", tokenizer.IdToToken(250001));
        Assert.AreEqual("<unk>", tokenizer.IdToToken(3));
        Assert.AreEqual("▁Hello", tokenizer.IdToToken(35378));
        Assert.AreEqual(35378, tokenizer.TokenToId("▁Hello"));
        Assert.AreEqual(250001, tokenizer.TokenToId("<mask>"));
        Assert.IsNull(tokenizer.IdToToken(250002));
        Assert.IsNull(tokenizer.IdToToken(-1));
        Assert.IsNull(tokenizer.TokenToId("not a piece at all"));
    }

    [TestMethod]
    public void FromFileUsesHuggingFaceDefaults()
    {
        XlmRobertaTokenizer folder = Tokenizer;
        XlmRobertaTokenizer file = XlmRobertaTokenizer.FromFile(Path.Combine(SharedFixtures.Model("fill-mask"), "sentencepiece.bpe.model"));
        Assert.AreEqual(int.MaxValue, file.ModelMaxLength);
        Assert.AreEqual(folder.MaskTokenId, file.MaskTokenId);
        const string Text = "The capital of France is <mask>. <s>x</s>";
        CollectionAssert.AreEqual(folder.Encode(Text).Ids.ToArray(), file.Encode(Text).Ids.ToArray());
    }

    [TestMethod]
    public void MissingModelFileIsATypedErrorNamingTheFile()
    {
        string path = Path.Combine(_temp, "sentencepiece.bpe.model");
        var e = Assert.ThrowsExactly<SentencePieceModelException>(() => XlmRobertaTokenizer.FromFile(path));
        Assert.AreEqual(path, e.FilePath);
        StringAssert.Contains(e.Message, path);
        Assert.ThrowsExactly<SentencePieceModelException>(() => XlmRobertaTokenizer.FromModelFolder(_temp));
        Assert.ThrowsExactly<SentencePieceModelException>(() => XlmRobertaTokenizer.FromModelFolder(Path.Combine(_temp, "nope")));
    }

    [TestMethod]
    public void CorruptModelFilesAreTypedErrors()
    {
        byte[] real = File.ReadAllBytes(Path.Combine(SharedFixtures.Model("fill-mask"), "sentencepiece.bpe.model"));
        byte[][] corrupt =
        [
            [],
            "this is not a protobuf"u8.ToArray(),
            real[..(real.Length / 2)],
            real[..1000],
            [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F],
        ];
        foreach (byte[] bytes in corrupt)
        {
            string path = Path.Combine(_temp, "bad.model");
            File.WriteAllBytes(path, bytes);
            var e = Assert.ThrowsExactly<SentencePieceModelException>(() => XlmRobertaTokenizer.FromFile(path), $"{bytes.Length} bytes");
            Assert.AreEqual(path, e.FilePath);
            StringAssert.Contains(e.Message, "bad.model");
        }
    }

    [TestMethod]
    public void CorruptConfigurationIsATypedError()
    {
        string folder = SharedFixtures.Model("fill-mask");
        File.Copy(Path.Combine(folder, "sentencepiece.bpe.model"), Path.Combine(_temp, "sentencepiece.bpe.model"));
        File.WriteAllText(Path.Combine(_temp, "tokenizer_config.json"), "{ \"model_max_length\": ");
        var e = Assert.ThrowsExactly<SentencePieceModelException>(() => XlmRobertaTokenizer.FromModelFolder(_temp));
        StringAssert.Contains(e.Message, "tokenizer_config.json");

        File.WriteAllText(Path.Combine(_temp, "tokenizer_config.json"), "{ \"model_max_length\": 128, \"mask_token\": \"<no such token>\" }");
        e = Assert.ThrowsExactly<SentencePieceModelException>(() => XlmRobertaTokenizer.FromModelFolder(_temp));
        StringAssert.Contains(e.Message, "<no such token>");

        File.WriteAllText(Path.Combine(_temp, "tokenizer_config.json"), "{ \"model_max_length\": 128 }");
        Assert.AreEqual(128, XlmRobertaTokenizer.FromModelFolder(_temp).ModelMaxLength);
    }
}

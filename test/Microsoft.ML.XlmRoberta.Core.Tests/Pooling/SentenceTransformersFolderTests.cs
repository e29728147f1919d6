using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.ML.XlmRoberta.Embeddings;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.ModelFolder;
using Microsoft.ML.XlmRoberta.Pooling;
using Microsoft.ML.XlmRoberta.Tests.TestData;

namespace Microsoft.ML.XlmRoberta.Tests.Pooling;

/// <summary>
/// A copy of the feature-extraction fixture with sentence-transformers files: with no options the folder's pooling,
/// normalization, max_seq_length and prompts apply and reproduce the e2e references; explicit options override them.
/// </summary>
[TestClass]
public sealed class SentenceTransformersFolderTests
{
    private const float Tolerance = 1e-5f;

    [TestMethod]
    [DataRow("cls", "cls_l2")]
    [DataRow("mean", "mean_l2")]
    public void FolderPoolingAndNormalizeReproduceReferencesWithNoOptions(string pooling, string key)
    {
        IReadOnlyList<JsonElement> cases = Models.E2e("feature-extraction");
        using ScratchModelFolder folder = ScratchModelFolder.SentenceTransformers(pooling, normalize: true);
        using XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(folder.Root);
        var extractor = new XlmRobertaFeatureExtractor(encoder);
        Assert.AreEqual(pooling == "cls" ? PoolingMode.Cls : PoolingMode.Mean, extractor.Pooling);
        Assert.IsTrue(extractor.Normalize);
        EmbeddingResult[] results = extractor.Embed(Texts(cases));
        for (int i = 0; i < cases.Count; i++)
        {
            ModelReference.AssertClose(ModelReference.Floats(cases[i].GetProperty(key)), results[i].Embedding, Tolerance, $"case {i} {key}");
        }
    }

    [TestMethod]
    public async Task EmbeddingGeneratorUsesTheFolderPooling()
    {
        IReadOnlyList<JsonElement> cases = Models.E2e("feature-extraction");
        using ScratchModelFolder folder = ScratchModelFolder.SentenceTransformers("cls", normalize: true);
        using XlmRobertaEmbeddingGenerator generator = XlmRobertaEmbeddingGenerator.Load(folder.Root);
        GeneratedEmbeddings<Embedding<float>> embeddings = await generator.GenerateAsync(Texts(cases));
        for (int i = 0; i < cases.Count; i++)
        {
            ModelReference.AssertClose(ModelReference.Floats(cases[i].GetProperty("cls_l2")), embeddings[i].Vector.Span, Tolerance, $"case {i}");
        }
    }

    [TestMethod]
    public void ExplicitOptionsOverrideTheFolder()
    {
        IReadOnlyList<JsonElement> cases = Models.E2e("feature-extraction");
        using ScratchModelFolder folder = ScratchModelFolder.SentenceTransformers("cls", normalize: true);
        using XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(folder.Root);
        var extractor = new XlmRobertaFeatureExtractor(encoder, new FeatureExtractionOptions { Pooling = PoolingMode.Mean, Normalize = false });
        EmbeddingResult[] results = extractor.Embed(Texts(cases));
        for (int i = 0; i < cases.Count; i++)
        {
            ModelReference.AssertClose(ModelReference.Floats(cases[i].GetProperty("mean")), results[i].Embedding, Tolerance, $"case {i}");
        }
    }

    [TestMethod]
    public void MaxSeqLengthIsTheEncodersLimitUnlessOptionsSayOtherwise()
    {
        IReadOnlyList<JsonElement> cases = Models.E2e("feature-extraction");
        string[] texts = Texts(cases);
        using ScratchModelFolder folder = ScratchModelFolder.SentenceTransformers("cls", normalize: true, maxSeqLength: 6);
        using XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(folder.Root);
        Assert.AreEqual(6, encoder.MaxSequenceLength);
        Assert.AreEqual(6, encoder.Folder.MaxSequenceLength);
        EmbeddingResult[] results = new XlmRobertaFeatureExtractor(encoder).Embed(texts);

        // Peer run: the plain fixture folder with the same limit given explicitly.
        using XlmRobertaEncoder plain = XlmRobertaEncoder.Load(
            TestSupport.SharedFixtures.Model("feature-extraction"), new XlmRobertaEncoderOptions { MaxSequenceLength = 6 });
        EmbeddingResult[] expected = new XlmRobertaFeatureExtractor(plain, new FeatureExtractionOptions { Pooling = PoolingMode.Cls, Normalize = true }).Embed(texts);
        int truncated = 0;
        for (int i = 0; i < cases.Count; i++)
        {
            Assert.AreEqual(Math.Min(6, cases[i].GetProperty("ids").GetArrayLength()), results[i].TokenCount, $"case {i}");
            truncated += cases[i].GetProperty("ids").GetArrayLength() > 6 ? 1 : 0;
            ModelReference.AssertClose(expected[i].Embedding, results[i].Embedding, 0f, $"case {i}");
        }

        Assert.IsGreaterThan(0, truncated, "some fixture texts are longer than max_seq_length");
        using XlmRobertaEncoder longer = XlmRobertaEncoder.Load(folder.Root, new XlmRobertaEncoderOptions { MaxSequenceLength = 512 });
        Assert.AreEqual(512, longer.MaxSequenceLength);
    }

    [TestMethod]
    public void PromptNameAppliesTheFolderPrefix()
    {
        string[] texts = Texts(Models.E2e("feature-extraction"));
        using ScratchModelFolder folder = ScratchModelFolder.SentenceTransformers("mean", normalize: true);
        using XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(folder.Root);
        var extractor = new XlmRobertaFeatureExtractor(encoder);
        EmbeddingResult[] prompted = extractor.Embed(texts, "query");
        EmbeddingResult[] literal = extractor.Embed([.. texts.Select(t => "query: " + t)]);
        EmbeddingResult[] plain = extractor.Embed(texts);
        EmbeddingResult[] passage = new XlmRobertaFeatureExtractor(encoder, new FeatureExtractionOptions { Prompt = "passage" }).Embed(texts);
        EmbeddingResult[] passageLiteral = extractor.Embed([.. texts.Select(t => "passage: " + t)]);
        for (int i = 0; i < texts.Length; i++)
        {
            ModelReference.AssertClose(literal[i].Embedding, prompted[i].Embedding, 0f, $"case {i}");
            ModelReference.AssertClose(passageLiteral[i].Embedding, passage[i].Embedding, 0f, $"case {i}");
            Assert.IsFalse(plain[i].Embedding.AsSpan().SequenceEqual(prompted[i].Embedding), $"case {i}: the prompt changed nothing");
        }

        Assert.ThrowsExactly<ArgumentException>(() => extractor.Embed(texts, "document"));
        Assert.ThrowsExactly<ArgumentException>(() => new XlmRobertaFeatureExtractor(encoder, new FeatureExtractionOptions { Prompt = "document" }));
        Assert.ThrowsExactly<ArgumentException>(() => new XlmRobertaFeatureExtractor(Models.Shared("feature-extraction")).Embed(texts, "query"));
    }

    [TestMethod]
    public void DefaultPromptNameAppliesWithoutOptions()
    {
        string[] texts = ["Hello world!", "Bonjour"];
        using ScratchModelFolder folder = ScratchModelFolder.SentenceTransformers("cls", normalize: false, defaultPrompt: "query");
        using XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(folder.Root);
        EmbeddingResult[] byDefault = new XlmRobertaFeatureExtractor(encoder).Embed(texts);
        EmbeddingResult[] literal = new XlmRobertaFeatureExtractor(Models.Shared("feature-extraction"), new FeatureExtractionOptions { Pooling = PoolingMode.Cls })
            .Embed([.. texts.Select(t => "query: " + t)]);
        for (int i = 0; i < texts.Length; i++)
        {
            ModelReference.AssertClose(literal[i].Embedding, byDefault[i].Embedding, 0f, $"case {i}");
        }
    }

    [TestMethod]
    public void UnsupportedModulesAndPoolingsAreModelErrors()
    {
        using ScratchModelFolder dense = ScratchModelFolder.SentenceTransformers("cls", normalize: false);
        dense.WriteText("modules.json", """[{"idx":0,"name":"0","path":"","type":"sentence_transformers.models.Transformer"},{"idx":1,"name":"1","path":"1_Pooling","type":"sentence_transformers.models.Pooling"},{"idx":2,"name":"2","path":"2_Dense","type":"sentence_transformers.models.Dense"}]""");
        var e = Assert.ThrowsExactly<XlmRobertaModelException>(() => XlmRobertaModelFolder.Open(dense.Root));
        StringAssert.Contains(e.Message, "Dense");

        using ScratchModelFolder sqrt = ScratchModelFolder.SentenceTransformers("mean_sqrt_len", normalize: false);
        e = Assert.ThrowsExactly<XlmRobertaModelException>(() => XlmRobertaModelFolder.Open(sqrt.Root));
        Assert.AreEqual("pooling_mode_mean_sqrt_len_tokens", e.Field);
    }

    [TestMethod]
    public void ConfigAndTokenizerMustAgreeOnThePadId()
    {
        using ScratchModelFolder folder = ScratchModelFolder.Of("feature-extraction");
        folder.EditJson("config.json", c => c["pad_token_id"] = 0);
        var e = Assert.ThrowsExactly<XlmRobertaModelException>(() => XlmRobertaEncoder.Load(folder.Root));
        Assert.AreEqual("pad_token_id", e.Field);
        Assert.AreEqual(1, Models.Shared("feature-extraction").PadTokenId);
    }

    [TestMethod]
    public void TextsIdsAndEncodingsTakeOneRoute()
    {
        // Truncation happens once, with the tokenizer's policy, whichever entry point the input takes.
        string[] texts = Texts(Models.E2e("feature-extraction"));
        using XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(
            TestSupport.SharedFixtures.Model("feature-extraction"), new XlmRobertaEncoderOptions { MaxSequenceLength = 7 });
        var extractor = new XlmRobertaFeatureExtractor(encoder);
        EmbeddingResult[] fromTexts = extractor.Embed(texts);
        EmbeddingResult[] fromEncodings = extractor.EmbedEncodings(encoder.Tokenize(texts));
        EmbeddingResult[] fromIds = extractor.EmbedIds([.. encoder.TokenizeToIds(texts)]);
        for (int i = 0; i < texts.Length; i++)
        {
            Assert.AreEqual(fromTexts[i].TokenCount, fromIds[i].TokenCount, $"case {i}");
            ModelReference.AssertClose(fromTexts[i].Embedding, fromEncodings[i].Embedding, 0f, $"case {i}");
            ModelReference.AssertClose(fromTexts[i].Embedding, fromIds[i].Embedding, 0f, $"case {i}");
        }
    }

    private static string[] Texts(IReadOnlyList<JsonElement> cases) => [.. cases.Select(c => c.GetProperty("text").GetString()!)];
}

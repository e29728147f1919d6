using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.ML.XlmRoberta.Embeddings;
using Microsoft.ML.XlmRoberta.Pooling;
using Microsoft.ML.XlmRoberta.Tests.TestData;

namespace Microsoft.ML.XlmRoberta.Tests.Pooling;

/// <summary>Text in, pooled embeddings out (e2e/feature-extraction.jsonl), directly and through IEmbeddingGenerator.</summary>
[TestClass]
public sealed class FeatureExtractionEndToEndTests
{
    [TestMethod]
    [DataRow(PoolingMode.Cls, false, "cls")]
    [DataRow(PoolingMode.Mean, false, "mean")]
    [DataRow(PoolingMode.Cls, true, "cls_l2")]
    [DataRow(PoolingMode.Mean, true, "mean_l2")]
    public void TextsMatchEndToEndFixture(PoolingMode mode, bool normalize, string key)
    {
        IReadOnlyList<JsonElement> cases = Models.E2e("feature-extraction");
        var extractor = new XlmRobertaFeatureExtractor(Models.Shared("feature-extraction"), new FeatureExtractionOptions { Pooling = mode, Normalize = normalize });
        EmbeddingResult[] results = extractor.Embed([.. cases.Select(c => c.GetProperty("text").GetString()!)]);
        for (int i = 0; i < cases.Count; i++)
        {
            Assert.AreEqual(cases[i].GetProperty("ids").GetArrayLength(), results[i].TokenCount, $"case {i} token count");
            ModelReference.AssertClose(ModelReference.Floats(cases[i].GetProperty(key)), results[i].Embedding, ModelReference.Tolerance, $"case {i} {key}");
        }
    }

    [TestMethod]
    public async Task EmbeddingGeneratorMatchesEndToEndFixture()
    {
        IReadOnlyList<JsonElement> cases = Models.E2e("feature-extraction");
        using XlmRobertaEmbeddingGenerator generator = XlmRobertaEmbeddingGenerator.Load(TestSupport.SharedFixtures.Model("feature-extraction"));
        IEmbeddingGenerator<string, Embedding<float>> api = generator;
        GeneratedEmbeddings<Embedding<float>> embeddings = await api.GenerateAsync(cases.Select(c => c.GetProperty("text").GetString()!));
        Assert.HasCount(cases.Count, embeddings);
        for (int i = 0; i < cases.Count; i++)
        {
            ModelReference.AssertClose(ModelReference.Floats(cases[i].GetProperty("mean_l2")), embeddings[i].Vector.Span, ModelReference.Tolerance, $"case {i}");
            Assert.AreEqual("feature-extraction", embeddings[i].ModelId);
        }

        var metadata = (EmbeddingGeneratorMetadata?)api.GetService(typeof(EmbeddingGeneratorMetadata));
        Assert.AreEqual(32, metadata!.DefaultModelDimensions);
        Assert.AreSame(generator.Extractor, api.GetService(typeof(XlmRobertaFeatureExtractor)));
        Assert.IsEmpty(await api.GenerateAsync([]));
        await Assert.ThrowsExactlyAsync<ArgumentException>(() => api.GenerateAsync(["x"], new EmbeddingGenerationOptions { Dimensions = 16 }));
    }
}

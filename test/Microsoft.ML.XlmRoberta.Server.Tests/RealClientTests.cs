using System.ClientModel;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.ML.XlmRoberta.Pooling;
using Microsoft.ML.XlmRoberta.TestSupport;
using OpenAI;
using OpenAI.Embeddings;

namespace Microsoft.ML.XlmRoberta.Server.Tests;

/// <summary>
/// The official OpenAI .NET client and Microsoft.Extensions.AI's IEmbeddingGenerator over it, pointed at the server,
/// get the library's vectors (≤ 1e-5) and Hugging Face's reference vectors (e2e/feature-extraction.jsonl).
/// </summary>
[TestClass]
public sealed class RealClientTests
{
    private static readonly IReadOnlyList<JsonElement> Cases = SharedFixtures.ReadJsonLines("fixtures/e2e/feature-extraction.jsonl");

    private static string[] Texts => [.. Cases.Select(c => c.GetProperty("text").GetString()!)];

    private static EmbeddingClient Client(RunningServer server) =>
        new("xlmr", new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(server.Address, "v1") });

    [TestMethod]
    public async Task OpenAiEmbeddingClientGetsTheLibrarysVectors()
    {
        await using RunningServer server = await RunningServer.StartAsync("feature-extraction");
        string[] texts = Texts;
        EmbeddingResult[] expected = new XlmRobertaFeatureExtractor(server.Encoder).Embed(texts);

        ClientResult<OpenAIEmbeddingCollection> result = await Client(server).GenerateEmbeddingsAsync(texts);

        Assert.HasCount(texts.Length, result.Value);
        for (int i = 0; i < texts.Length; i++)
        {
            Assert.AreEqual(i, result.Value[i].Index);
            ReadOnlySpan<float> vector = result.Value[i].ToFloats().Span;
            Vectors.AssertClose(expected[i].Embedding, vector, Vectors.LibraryTolerance, $"case {i} vs library");
            Vectors.AssertClose(Vectors.Floats(Cases[i].GetProperty("mean")), vector, Vectors.ReferenceTolerance, $"case {i} vs reference");
        }

        int tokens = Cases.Sum(c => c.GetProperty("ids").GetArrayLength());
        Assert.AreEqual(tokens, result.Value.Usage.InputTokenCount);
        Assert.AreEqual(tokens, result.Value.Usage.TotalTokenCount);
        Assert.AreEqual("feature-extraction", result.Value.Model);
    }

    [TestMethod]
    public async Task OpenAiEmbeddingClientSingleTextGetsTheLibrarysVector()
    {
        await using RunningServer server = await RunningServer.StartAsync("feature-extraction");
        string text = Texts[^1];
        float[] expected = new XlmRobertaFeatureExtractor(server.Encoder).Embed([text])[0].Embedding;

        ClientResult<OpenAIEmbedding> result = await Client(server).GenerateEmbeddingAsync(text);

        Vectors.AssertClose(expected, result.Value.ToFloats().Span, Vectors.LibraryTolerance, "single text");
    }

    [TestMethod]
    public async Task ExtensionsAiEmbeddingGeneratorGetsTheLibrarysVectors()
    {
        await using RunningServer server = await RunningServer.StartAsync("feature-extraction");
        string[] texts = Texts;
        EmbeddingResult[] expected = new XlmRobertaFeatureExtractor(server.Encoder).Embed(texts);
        using IEmbeddingGenerator<string, Embedding<float>> generator = Client(server).AsIEmbeddingGenerator();

        GeneratedEmbeddings<Embedding<float>> embeddings = await generator.GenerateAsync(texts);

        Assert.HasCount(texts.Length, embeddings);
        for (int i = 0; i < texts.Length; i++)
        {
            Vectors.AssertClose(expected[i].Embedding, embeddings[i].Vector.Span, Vectors.LibraryTolerance, $"case {i}");
        }

        Assert.AreEqual(Cases.Sum(c => c.GetProperty("ids").GetArrayLength()), embeddings.Usage?.InputTokenCount);
    }
}

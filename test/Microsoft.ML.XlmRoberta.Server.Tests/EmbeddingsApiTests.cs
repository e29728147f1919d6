using System.Text;
using System.Text.Json;
using Microsoft.ML.XlmRoberta.Pooling;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Server.Tests;

/// <summary>/v1/embeddings and /embed: input forms, encodings and normalization against the library and the reference.</summary>
[TestClass]
public sealed class EmbeddingsApiTests
{
    private static readonly IReadOnlyList<JsonElement> Cases = SharedFixtures.ReadJsonLines("fixtures/e2e/feature-extraction.jsonl");

    [TestMethod]
    public async Task Base64EncodingCarriesTheSameFloatsAsFloatEncoding()
    {
        await using RunningServer server = await RunningServer.StartAsync("feature-extraction");
        string[] texts = [.. Cases.Take(5).Select(c => c.GetProperty("text").GetString()!)];

        var floats = await server.PostAsync("v1/embeddings", new { input = texts, model = "x", encoding_format = "float" });
        var base64 = await server.PostAsync("v1/embeddings", new { input = texts, model = "x", encoding_format = "base64" });

        for (int i = 0; i < texts.Length; i++)
        {
            float[] expected = Vectors.Floats(floats.Body.GetProperty("data")[i].GetProperty("embedding"));
            byte[] bytes = Convert.FromBase64String(base64.Body.GetProperty("data")[i].GetProperty("embedding").GetString()!);
            float[] decoded = new float[bytes.Length / 4];
            for (int k = 0; k < decoded.Length; k++)
            {
                decoded[k] = System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(4 * k));
            }

            CollectionAssert.AreEqual(expected, decoded, $"text {i}");
        }
    }

    [TestMethod]
    public async Task TokenIdInputsGetTheVectorsOfTheirTexts()
    {
        await using RunningServer server = await RunningServer.StartAsync("feature-extraction");
        JsonElement[] cases = [.. Cases.Take(4)];
        int[][] ids = [.. cases.Select(c => c.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray())];

        var lists = await server.PostAsync("v1/embeddings", new { input = ids, model = "x" });
        var single = await server.PostAsync("v1/embeddings", new { input = ids[0], model = "x" });

        Assert.AreEqual(200, lists.Status);
        for (int i = 0; i < cases.Length; i++)
        {
            Vectors.AssertClose(Vectors.Floats(cases[i].GetProperty("mean")), Vectors.Floats(lists.Body.GetProperty("data")[i].GetProperty("embedding")), Vectors.ReferenceTolerance, $"ids {i}");
        }

        Assert.AreEqual(ids.Sum(x => x.Length), lists.Body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        CollectionAssert.AreEqual(
            Vectors.Floats(lists.Body.GetProperty("data")[0].GetProperty("embedding")),
            Vectors.Floats(single.Body.GetProperty("data")[0].GetProperty("embedding")));
    }

    [TestMethod]
    public async Task TeiEmbedNormalizesByDefaultAsTextEmbeddingsInference()
    {
        await using RunningServer server = await RunningServer.StartAsync("feature-extraction");
        string[] texts = [.. Cases.Select(c => c.GetProperty("text").GetString()!)];
        EmbeddingResult[] normalized = new XlmRobertaFeatureExtractor(server.Encoder, new FeatureExtractionOptions { Normalize = true }).Embed(texts);
        EmbeddingResult[] raw = new XlmRobertaFeatureExtractor(server.Encoder).Embed(texts);

        var byDefault = await server.PostAsync("embed", new { inputs = texts });
        var unnormalized = await server.PostAsync("embed", new { inputs = texts, normalize = false });
        var one = await server.PostAsync("embed", new { inputs = texts[0] });

        for (int i = 0; i < texts.Length; i++)
        {
            Vectors.AssertClose(normalized[i].Embedding, Vectors.Floats(byDefault.Body[i]), Vectors.LibraryTolerance, $"normalized {i}");
            Vectors.AssertClose(Vectors.Floats(Cases[i].GetProperty("mean_l2")), Vectors.Floats(byDefault.Body[i]), Vectors.ReferenceTolerance, $"reference {i}");
            Vectors.AssertClose(raw[i].Embedding, Vectors.Floats(unnormalized.Body[i]), Vectors.LibraryTolerance, $"raw {i}");
        }

        Assert.AreEqual(1, one.Body.GetArrayLength());
        Vectors.AssertClose(normalized[0].Embedding, Vectors.Floats(one.Body[0]), Vectors.LibraryTolerance, "single string");
    }

    [TestMethod]
    public async Task LimitsAndBadRequestsAnswerInOpenAisErrorShape()
    {
        await using RunningServer server = await RunningServer.StartAsync("feature-extraction", new XlmRobertaServerOptions
        {
            MaxInputsPerRequest = 2,
            MaxCharactersPerInput = 20,
            MaxRequestBodyBytes = 1024,
        });

        await AssertOpenAiError(server, new { input = new[] { "a", "b", "c" }, model = "x" }, 400, "input", "at most 2 per request");
        await AssertOpenAiError(server, new { input = new string('x', 21), model = "x" }, 400, "input", "at most 20 per input");
        await AssertOpenAiError(server, new { input = Array.Empty<string>(), model = "x" }, 400, "input", "no inputs");
        await AssertOpenAiError(server, new { model = "x" }, 400, "input", "'input' is required");
        await AssertOpenAiError(server, new { input = "a", model = "x", encoding_format = "int8" }, 400, "encoding_format", "float or base64");
        await AssertOpenAiError(server, new { input = "a", model = "x", dimensions = 16 }, 400, "dimensions", "32 dimensions");
        await AssertOpenAiError(server, new { input = new[] { 0, 250002, 2 }, model = "x" }, 400, "input", "outside this model's vocabulary");
        await AssertOpenAiError(server, new { input = new[] { 7 }, model = "x" }, 400, "input", "at least <s> and </s>");
        await AssertOpenAiError(server, new { input = new object[] { "a", 5 }, model = "x" }, 400, "input", "item 1 is Number");

        using var tooLarge = new StringContent($"{{\"input\": \"{new string('x', 2000)}\", \"model\": \"x\"}}", Encoding.UTF8, "application/json");
        HttpResponseMessage large = await server.Http.PostAsync("v1/embeddings", tooLarge);
        Assert.AreEqual(413, (int)large.StatusCode);
        JsonElement largeError = JsonDocument.Parse(await large.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.AreEqual("invalid_request_error", largeError.GetProperty("type").GetString());

        using var malformed = new StringContent("{\"input\": ", Encoding.UTF8, "application/json");
        HttpResponseMessage bad = await server.Http.PostAsync("v1/embeddings", malformed);
        Assert.AreEqual(400, (int)bad.StatusCode);
        StringAssert.Contains(await bad.Content.ReadAsStringAsync(), "not valid JSON");
    }

    [TestMethod]
    public async Task LimitsAnswerInTeisErrorShape()
    {
        await using RunningServer server = await RunningServer.StartAsync("feature-extraction", new XlmRobertaServerOptions { MaxInputsPerRequest = 2, MaxCharactersPerInput = 20 });

        var tooMany = await server.PostAsync("embed", new { inputs = new[] { "a", "b", "c" } });
        var tooLong = await server.PostAsync("embed", new { inputs = new string('x', 21) });
        var wrongHead = await server.PostAsync("predict", new { inputs = "a" });

        Assert.AreEqual(422, tooMany.Status);
        Assert.AreEqual("validation", tooMany.Body.GetProperty("error_type").GetString());
        StringAssert.Contains(tooMany.Body.GetProperty("error").GetString(), "at most 2 per request");
        Assert.AreEqual(422, tooLong.Status);
        Assert.AreEqual(404, wrongHead.Status);
        StringAssert.Contains(wrongHead.Body.GetProperty("error").GetString(), "not a sequence classification model");
    }

    private static async Task AssertOpenAiError(RunningServer server, object body, int status, string param, string message)
    {
        var response = await server.PostAsync("v1/embeddings", body);
        Assert.AreEqual(status, response.Status, message);
        JsonElement error = response.Body.GetProperty("error");
        Assert.AreEqual("invalid_request_error", error.GetProperty("type").GetString());
        Assert.AreEqual(param, error.GetProperty("param").GetString());
        StringAssert.Contains(error.GetProperty("message").GetString(), message);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.ML.XlmRoberta.Pooling;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Server.Tests;

/// <summary>
/// Cross-request batching: concurrent requests share library calls and still get the offline API's vectors; a full
/// queue answers 429 with Retry-After; a client that goes away has its work dropped; a stop answers requests in flight.
/// </summary>
[TestClass]
public sealed class BatchingTests
{
    private static string[] Texts => [.. SharedFixtures.ReadJsonLines("fixtures/e2e/feature-extraction.jsonl").Select(c => c.GetProperty("text").GetString()!)];

    [TestMethod]
    public async Task ConcurrentRequestsShareBatchesAndGetTheOfflineVectors()
    {
        // A long wait lets every request join the first batch or two however slowly the clients connect.
        await using RunningServer server = await RunningServer.StartAsync("feature-extraction", new XlmRobertaServerOptions { MaxBatchWait = TimeSpan.FromSeconds(1) });
        string[] texts = Texts;
        EmbeddingResult[] expected = new XlmRobertaFeatureExtractor(server.Encoder).Embed(texts);

        var responses = await Task.WhenAll(texts.Select(text => server.PostAsync("v1/embeddings", new { input = text, model = "x" })));

        for (int i = 0; i < texts.Length; i++)
        {
            Assert.AreEqual(200, responses[i].Status, $"request {i}");
            float[] vector = Vectors.Floats(responses[i].Body.GetProperty("data")[0].GetProperty("embedding"));
            Vectors.AssertClose(expected[i].Embedding, vector, Vectors.LibraryTolerance, $"request {i}");
        }

        long batches = server.Server.Model.Embeddings!.Batches;
        Assert.IsLessThan(texts.Length, batches, $"{texts.Length} concurrent requests ran in {batches} library calls");
        Assert.AreEqual(0, server.Server.Model.Admission.Pending);
    }

    [TestMethod]
    public async Task FullQueueAnswers429WithRetryAfterInEachApisShape()
    {
        await using RunningServer server = await RunningServer.StartAsync("feature-extraction", new XlmRobertaServerOptions
        {
            QueueCapacity = 2,
            MaxInputsPerRequest = 2,
            MaxBatchWait = TimeSpan.FromSeconds(3),
            RetryAfterSeconds = 7,
        });
        Task<(int Status, JsonElement Body, HttpResponseMessage Response)> first = server.PostAsync("v1/embeddings", new { input = new[] { "a", "b" }, model = "x" });
        await WaitUntilAsync(() => server.Server.Model.Admission.Pending == 2);

        var openAi = await server.PostAsync("v1/embeddings", new { input = "c", model = "x" });
        var tei = await server.PostAsync("embed", new { inputs = "c" });

        Assert.AreEqual(429, openAi.Status);
        Assert.AreEqual("7", openAi.Response.Headers.GetValues("Retry-After").Single());
        JsonElement error = openAi.Body.GetProperty("error");
        Assert.AreEqual("rate_limit_exceeded", error.GetProperty("code").GetString());
        Assert.AreEqual("requests", error.GetProperty("type").GetString());
        StringAssert.Contains(error.GetProperty("message").GetString(), "queue holds 2 inputs");
        Assert.AreEqual(429, tei.Status);
        Assert.AreEqual("7", tei.Response.Headers.GetValues("Retry-After").Single());
        Assert.AreEqual("overloaded", tei.Body.GetProperty("error_type").GetString());

        var answered = await first;
        Assert.AreEqual(200, answered.Status);
        Assert.AreEqual(2, answered.Body.GetProperty("data").GetArrayLength());
        Assert.AreEqual(0, server.Server.Model.Admission.Pending);
        Assert.AreEqual(200, (await server.PostAsync("embed", new { inputs = "c" })).Status, "room again once answered");
    }

    [TestMethod]
    public async Task ClientDisconnectDropsThatRequestsWork()
    {
        await using RunningServer server = await RunningServer.StartAsync("feature-extraction", new XlmRobertaServerOptions { MaxBatchWait = TimeSpan.FromSeconds(3) });
        using var disconnect = new CancellationTokenSource();
        Task abandoned = server.Http.PostAsJsonAsync("v1/embeddings", new { input = new[] { "dropped one", "dropped two" }, model = "x" }, disconnect.Token);
        await WaitUntilAsync(() => server.Server.Model.Admission.Pending == 2);

        await disconnect.CancelAsync();
        await Assert.ThrowsAsync<OperationCanceledException>(() => abandoned);
        await WaitUntilAsync(() => server.Server.Model.Admission.Pending == 0);

        // The next request joins the batch the dropped one was waiting in: only its own input is run.
        var kept = await server.PostAsync("v1/embeddings", new { input = "kept", model = "x" });
        Assert.AreEqual(200, kept.Status);
        Assert.AreEqual(1, server.Server.Model.Embeddings!.Batches);
        Assert.AreEqual(1, server.Encoder.Statistics.Sequences, "the disconnected request's two inputs were never run");
    }

    [TestMethod]
    public async Task StopAnswersRequestsInFlightThenRefusesConnections()
    {
        await using RunningServer server = await RunningServer.StartAsync("feature-extraction", new XlmRobertaServerOptions { MaxBatchWait = TimeSpan.FromSeconds(2) });
        string text = Texts[0];
        float[] expected = new XlmRobertaFeatureExtractor(server.Encoder).Embed([text])[0].Embedding;
        var inFlight = server.PostAsync("v1/embeddings", new { input = text, model = "x" });
        await WaitUntilAsync(() => server.Server.Model.Admission.Pending == 1);

        Task stop = server.Server.StopAsync();
        var answered = await inFlight;
        await stop;

        Assert.AreEqual(200, answered.Status);
        Vectors.AssertClose(expected, Vectors.Floats(answered.Body.GetProperty("data")[0].GetProperty("embedding")), Vectors.LibraryTolerance, "drained answer");
        using var fresh = new HttpClient { BaseAddress = server.Address };
        await Assert.ThrowsAsync<HttpRequestException>(() => fresh.GetAsync("health"));
    }

    /// <summary>Polls a condition the server reaches within seconds (fails the test otherwise).</summary>
    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.IsLessThan(deadline, DateTime.UtcNow, "the server did not reach the expected state within 20 s");
            await Task.Delay(10);
        }
    }
}

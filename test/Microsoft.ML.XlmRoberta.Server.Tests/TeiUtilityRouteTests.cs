using System.Text.Json;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Server.Tests;

/// <summary>/tokenize and /decode against Hugging Face's tokenizer references; /info, /health and /metrics.</summary>
[TestClass]
public sealed class TeiUtilityRouteTests
{
    [TestMethod]
    public async Task TokenizeAndDecodeMatchTheReference()
    {
        JsonElement[] cases = [.. SharedFixtures.ReadJsonLines("fixtures/tokenizer/decode.jsonl").Take(40)];
        await using RunningServer server = await RunningServer.StartAsync("feature-extraction");
        string[] texts = [.. cases.Select(c => c.GetProperty("text").GetString()!)];
        int[][] ids = [.. cases.Select(c => c.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray())];

        var tokenized = await server.PostAsync("tokenize", new { inputs = texts });
        var decoded = await server.PostAsync("decode", new { ids });
        var kept = await server.PostAsync("decode", new { ids = ids[0], skip_special_tokens = false });
        var bare = await server.PostAsync("tokenize", new { inputs = texts[0], add_special_tokens = false });

        for (int i = 0; i < cases.Length; i++)
        {
            CollectionAssert.AreEqual(ids[i], tokenized.Body[i].EnumerateArray().Select(t => t.GetProperty("id").GetInt32()).ToArray(), $"case {i} ids");
            Assert.AreEqual(cases[i].GetProperty("decoded").GetString(), decoded.Body[i].GetString(), $"case {i} decoded");
        }

        JsonElement first = tokenized.Body[0];
        Assert.IsTrue(first[0].GetProperty("special").GetBoolean());
        Assert.IsFalse(first[1].GetProperty("special").GetBoolean());
        Assert.AreEqual(cases[0].GetProperty("decoded_keep_special").GetString(), kept.Body[0].GetString());
        CollectionAssert.AreEqual(ids[0][1..^1], bare.Body[0].EnumerateArray().Select(t => t.GetProperty("id").GetInt32()).ToArray());
    }

    [TestMethod]
    public async Task InfoHealthAndMetricsDescribeTheServer()
    {
        await using RunningServer server = await RunningServer.StartAsync("text-classification", new XlmRobertaServerOptions { MaxInputsPerRequest = 7, QueueCapacity = 70 });
        Assert.AreEqual(200, (await server.PostAsync("predict", new { inputs = "Hello" })).Status);

        JsonElement info = JsonDocument.Parse(await server.Http.GetStringAsync("info")).RootElement;
        HttpResponseMessage health = await server.Http.GetAsync("health");
        string metrics = await server.Http.GetStringAsync("metrics");

        Assert.AreEqual("text-classification", info.GetProperty("model_id").GetString());
        Assert.AreEqual("entailment", info.GetProperty("model_type").GetProperty("classifier").GetProperty("id2label").GetProperty("0").GetString());
        Assert.AreEqual(7, info.GetProperty("max_client_batch_size").GetInt32());
        Assert.AreEqual(512, info.GetProperty("max_input_length").GetInt32());
        CollectionAssert.Contains(info.GetProperty("routes").EnumerateArray().Select(r => r.GetString()).ToArray(), "/predict");
        Assert.AreEqual(200, (int)health.StatusCode);
        StringAssert.Contains(metrics, "xlmr_batches_total{");
        StringAssert.Contains(metrics, "task=\"predict\"");
        StringAssert.Contains(metrics, "http_server_request_duration_seconds_bucket{");
    }
}

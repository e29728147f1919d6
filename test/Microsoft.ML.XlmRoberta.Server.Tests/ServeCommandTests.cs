using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.ML.XlmRoberta.Pooling;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Server.Tests;

/// <summary>
/// The real <c>xlmr serve</c> process: its own --batch-size default; SIGTERM drains the request in flight and exits 0;
/// bad options exit 2.
/// </summary>
[TestClass]
public sealed class ServeCommandTests
{
    [TestMethod]
    public async Task SigtermAnswersTheRequestInFlightThenExitsZero()
    {
        string model = SharedFixtures.Model("feature-extraction");
        const string Text = "Guten Morgen, Welt!";
        float[] expected;
        using (var encoder = Encoder.XlmRobertaEncoder.Load(model))
        {
            expected = new XlmRobertaFeatureExtractor(encoder).Embed([Text])[0].Embedding;
        }

        // A 3 s batch wait keeps the request queued while the signal arrives.
        using ServeProcess server = ServeProcess.Start(ServeProcess.BuiltXlmr(), ["--model", model, "--threads", "1", "--max-wait-ms", "3000"]);
        using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(60) };
        JsonElement info = JsonDocument.Parse(await http.GetStringAsync("info")).RootElement;
        Assert.AreEqual(8, info.GetProperty("library_batch_size").GetInt32(), "serve's own --batch-size default");
        Task<HttpResponseMessage> inFlight = http.PostAsJsonAsync("v1/embeddings", new { input = Text, model = "x" });
        await BatchingTests.WaitUntilAsync(() => QueuedInputs(server.Address) == 1);

        server.Terminate();
        using HttpResponseMessage response = await inFlight;
        int exitCode = server.WaitForExit();

        Assert.AreEqual(200, (int)response.StatusCode);
        JsonElement body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Vectors.AssertClose(expected, Vectors.Floats(body.GetProperty("data")[0].GetProperty("embedding")), Vectors.LibraryTolerance, "drained answer");
        Assert.AreEqual(0, exitCode, server.StandardError);
        StringAssert.Contains(server.StandardError, "xlmr serve: stopped");
    }

    [TestMethod]
    [DataRow("--port", "70000", "--port must be within 0..65535")]
    [DataRow("--queue-size", "1", "--queue-size (1) must be at least --max-inputs (256)")]
    [DataRow("--max-wait-ms", "-1", "--max-wait-ms must be within 0..10000")]
    public void BadOptionsAreUsageErrors(string option, string value, string message)
    {
        ChildProcessResult result = ChildProcess.Run(
            ChildProcess.DotNet, [ServeProcess.BuiltXlmr(), "serve", "--model", SharedFixtures.Model("feature-extraction"), option, value], SharedFixtures.RepositoryRoot, timeout: TimeSpan.FromMinutes(2));

        Assert.AreEqual(2, result.ExitCode, result.Transcript);
        StringAssert.Contains(result.StandardError, message);
    }

    /// <summary>The server's queue gauge from /metrics (-1 before it is exported).</summary>
    private static int QueuedInputs(Uri server)
    {
        using var http = new HttpClient { BaseAddress = server };
        foreach (string line in http.GetStringAsync("metrics").GetAwaiter().GetResult().Split('\n'))
        {
            if (line.StartsWith("xlmr_queue_inputs", StringComparison.Ordinal))
            {
                return (int)double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }
}

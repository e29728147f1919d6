using System.Text.Json;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Packages.Tests;

/// <summary>
/// The packages used as a user uses them: a program outside the repository that restores only from the packed feed
/// and the configured NuGet source into an empty <c>NUGET_PACKAGES</c>, and the tool installed into a temporary
/// tool path and run from another folder. Results are checked against the Hugging Face reference outputs.
/// </summary>
[TestClass]
public sealed class ConsumerTests
{
    private static readonly TimeSpan Restore = TimeSpan.FromMinutes(10);

    [TestMethod]
    public void AConsumerProgramTokenizesEmbedsAndRunsAnMLNetPipeline()
    {
        PackedFeed feed = PackedFeed.Get();
        string work = TemporaryFolder("xlmr-consumer");
        string packages = PackedFeed.CreateIsolatedPackagesFolder();
        try
        {
            foreach (string file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Consumer")))
            {
                File.Copy(file, Path.Combine(work, Path.GetFileName(file)));
            }

            feed.WriteNuGetConfig(work);
            string output = Path.Combine(work, "result.json");
            string model = SharedFixtures.Model("feature-extraction");
            ChildProcessResult run = ChildProcess.Run(
                ChildProcess.DotNet,
                ["run", "-c", "Release", "-p:XlmrVersion=" + feed.Version, "--", model, output],
                work,
                new Dictionary<string, string?> { ["NUGET_PACKAGES"] = packages },
                Restore);
            Assert.AreEqual(0, run.ExitCode, run.Transcript);

            // Restored from the packed feed into the isolated folder, not from anything cached before.
            Assert.IsTrue(Directory.Exists(Path.Combine(packages, "microsoft.ml.xlmroberta", feed.Version)), run.Transcript);
            Assert.IsTrue(Directory.Exists(Path.Combine(packages, "microsoft.ml.xlmroberta.core", feed.Version)), run.Transcript);

            using JsonDocument result = JsonDocument.Parse(File.ReadAllText(output));
            JsonElement reference = ReferenceRow("Hello world!");
            CollectionAssert.AreEqual(Longs(reference.GetProperty("ids")), Longs(result.RootElement.GetProperty("ids")));
            AssertClose(Floats(reference.GetProperty("mean")), Floats(result.RootElement.GetProperty("mean")), 1e-4f);

            double accuracy = result.RootElement.GetProperty("microAccuracy").GetDouble();
            Assert.IsTrue(accuracy is >= 0 and <= 1, $"micro accuracy {accuracy}");
            Assert.IsTrue(double.IsFinite(result.RootElement.GetProperty("logLoss").GetDouble()), "log loss");
            CollectionAssert.Contains(new[] { "en", "ru" }, result.RootElement.GetProperty("prediction").GetString(), "the reloaded model's PredictionEngine predicts a trained label");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
            Directory.Delete(packages, recursive: true);
        }
    }

    [TestMethod]
    public void TheInstalledToolEmbedsFromAnotherFolderAndRunsTheQuickstart()
    {
        PackedFeed feed = PackedFeed.Get();
        string tools = TemporaryFolder("xlmr-tool-path");
        string elsewhere = TemporaryFolder("xlmr-tool-cwd");
        string packages = PackedFeed.CreateIsolatedPackagesFolder();
        try
        {
            ChildProcessResult install = ChildProcess.Run(
                ChildProcess.DotNet,
                ["tool", "install", "--tool-path", tools, "--add-source", feed.Directory, "--version", feed.Version, "Microsoft.ML.XlmRoberta.Cli"],
                elsewhere,
                new Dictionary<string, string?> { ["NUGET_PACKAGES"] = packages },
                Restore);
            Assert.AreEqual(0, install.ExitCode, install.Transcript);
            string xlmr = Path.Combine(tools, OperatingSystem.IsWindows() ? "xlmr.exe" : "xlmr");

            // No checkout above this folder, no XLMR_MODEL: the model comes from --model.
            var environment = new Dictionary<string, string?> { ["XLMR_MODEL"] = null, ["XLMR_SHARED_DIR"] = null, ["HF_HUB_CACHE"] = Path.Combine(elsewhere, "empty-hub-cache") };
            string model = SharedFixtures.Model("feature-extraction");
            ChildProcessResult embed = ChildProcess.Run(xlmr, ["embed", "--model", model], elsewhere, environment, standardInput: "{\"text\": \"Hello world!\"}\n");
            Assert.AreEqual(0, embed.ExitCode, embed.Transcript);
            using (JsonDocument row = JsonDocument.Parse(embed.StandardOutput.Trim()))
            {
                AssertClose(Floats(ReferenceRow("Hello world!").GetProperty("mean")), Floats(row.RootElement.GetProperty("embedding")), 1e-4f);
            }

            // `xlmr serve` runs from the installed tool (it carries ASP.NET Core as a framework reference).
            using (ServeProcess server = ServeProcess.Start(xlmr, ["--model", model, "--threads", "1"]))
            using (var http = new HttpClient { BaseAddress = server.Address })
            {
                using HttpResponseMessage served = http.PostAsync(
                    "v1/embeddings", new StringContent("{\"input\": \"Hello world!\", \"model\": \"x\"}", System.Text.Encoding.UTF8, "application/json")).GetAwaiter().GetResult();
                Assert.AreEqual(200, (int)served.StatusCode, server.StandardError);
                using JsonDocument body = JsonDocument.Parse(served.Content.ReadAsStringAsync().GetAwaiter().GetResult());
                AssertClose(Floats(ReferenceRow("Hello world!").GetProperty("mean")), Floats(body.RootElement.GetProperty("data")[0].GetProperty("embedding")), 1e-4f);
                Assert.AreEqual(0, server.Stop(), server.StandardError);
            }

            // Without any model the tool says how to get one, in one line, with exit 3.
            ChildProcessResult none = ChildProcess.Run(xlmr, ["embed"], elsewhere, environment, standardInput: "hi\n");
            Assert.AreEqual(3, none.ExitCode, none.Transcript);
            StringAssert.Contains(none.StandardError, "xlmr download FacebookAI/xlm-roberta-base");

            // The quickstart's sample texts ship with the tool.
            environment["XLMR_MODEL"] = model;
            ChildProcessResult quickstart = ChildProcess.Run(xlmr, ["quickstart", "--output", "qs"], elsewhere, environment);
            Assert.AreEqual(0, quickstart.ExitCode, quickstart.Transcript);
            int lines = File.ReadAllLines(Path.Combine(elsewhere, "qs", "embeddings.jsonl")).Count(l => l.Length > 0);
            int samples = File.ReadAllLines(Path.Combine(SharedFixtures.RepositoryRoot, "samples", "data", "multilingual.jsonl")).Count(l => l.Length > 0);
            Assert.AreEqual(samples, lines, quickstart.Transcript);
        }
        finally
        {
            Directory.Delete(tools, recursive: true);
            Directory.Delete(elsewhere, recursive: true);
            Directory.Delete(packages, recursive: true);
        }
    }

    private static string TemporaryFolder(string prefix)
    {
        string folder = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static JsonElement ReferenceRow(string text) =>
        SharedFixtures.ReadJsonLines("fixtures/e2e/feature-extraction.jsonl").First(r => r.GetProperty("text").GetString() == text);

    private static long[] Longs(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt64()).ToArray();

    private static float[] Floats(JsonElement array) => array.EnumerateArray().Select(e => e.GetSingle()).ToArray();

    private static void AssertClose(float[] expected, float[] actual, float tolerance)
    {
        Assert.AreEqual(expected.Length, actual.Length, "vector length");
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.AreEqual(expected[i], actual[i], tolerance, $"component {i}");
        }
    }
}

using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Cli.Tests;

/// <summary><c>xlmr download</c> against a hub stand-in on 127.0.0.1.</summary>
[TestClass]
public sealed class DownloadCommandTests
{
    [TestMethod]
    public void DownloadsThenWorksOfflineAndTheSnapshotIsAModelFolder()
    {
        string cache = Directory.CreateTempSubdirectory("xlmr-cli-hub-").FullName;
        try
        {
            using var hub = new FakeHubServer(SharedFixtures.Model("feature-extraction"));
            hub.InterruptOnce("sentencepiece.bpe.model", 3_000_000);
            var environment = new Dictionary<string, string> { ["HF_ENDPOINT"] = hub.Endpoint, ["HF_HUB_CACHE"] = cache };

            CliRunner.Result online = CliRunner.Run(string.Empty, environment, "download", hub.RepoId, "--include", "*.json", "*.model");
            Assert.AreEqual(0, online.ExitCode, online.Stderr);
            string snapshot = online.Stdout.Trim();
            Assert.IsTrue(hub.Requests.Any(r => r.Range == "bytes=3000000-"), "the interrupted file resumed");

            environment["HF_HUB_OFFLINE"] = "1";
            CliRunner.Result offline = CliRunner.Run(string.Empty, environment, "download", hub.RepoId);
            Assert.AreEqual(0, offline.ExitCode, offline.Stderr);
            Assert.AreEqual(snapshot, offline.Stdout.Trim());

            CliRunner.Result tokens = CliRunner.Run(CliRunner.JsonLine("Hello world!"), "tokenize", "--model", snapshot, "--quiet");
            Assert.AreEqual(0, tokens.ExitCode, tokens.Stderr);
            Assert.AreEqual("[0,35378,8999,38,2]", tokens.Lines[0].GetProperty("ids").GetRawText());
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    [TestMethod]
    public void OfflineMissIsOneLineWithExitCode7()
    {
        string cache = Directory.CreateTempSubdirectory("xlmr-cli-hub-").FullName;
        try
        {
            var environment = new Dictionary<string, string> { ["HF_HUB_CACHE"] = cache };
            CliRunner.Result result = CliRunner.Run(string.Empty, environment, "download", "FacebookAI/xlm-roberta-base", "--offline");

            Assert.AreEqual(ExitCodes.DownloadError, result.ExitCode);
            StringAssert.Contains(result.Stderr, "not in the cache");
            Assert.AreEqual(1, result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }
}

using System.Text;
using System.Text.Json.Nodes;
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

    [TestMethod]
    [DataRow("absolute sha")]
    [DataRow("relative sha")]
    [DataRow("absolute blobId")]
    [DataRow("existing file as blobId")]
    [DataRow("null rfilename")]
    [DataRow("file and folder")]
    [DataRow("300-character name")]
    [DataRow("oversize")]
    [DataRow("stall")]
    [DataRow("silent server")]
    [DataRow("revision outside the cache")]
    public async Task AHostileHubIsExitCode7WithOneLineAndNothingOutsideTheCacheChanges(string attack)
    {
        // Lower-case, so that a client that lower-cases content ids still aims exactly at the victim.
        string root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "xlmr-cli-hostile-hub-" + Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            string cache = Directory.CreateDirectory(Path.Combine(root, "cache")).FullName;
            string victim = Path.Combine(Directory.CreateDirectory(Path.Combine(root, "victim")).FullName, "config.json");
            byte[] victimBytes = Encoding.UTF8.GetBytes("{\"victim\": true}\n");
            byte[] attackerBytes = Encoding.UTF8.GetBytes("{\"attacker\": true}\n");
            File.WriteAllBytes(victim, victimBytes);
            string folder = SharedFixtures.Model("feature-extraction");
            using var hub = new FakeHubServer(folder);
            using var silent = new SilentHubServer();
            string revision = "main";
            switch (attack)
            {
                case "absolute sha":
                    hub.ServeFiles(("config.json", attackerBytes));
                    hub.TamperListing = l => l["sha"] = Path.Combine(root, "victim");
                    break;
                case "relative sha":
                    hub.ServeFiles(("config.json", attackerBytes));
                    hub.TamperListing = l => l["sha"] = "../../../victim";
                    break;
                case "absolute blobId":
                    hub.ServeFiles(("config.json", attackerBytes));
                    hub.TamperListing = l => l["siblings"]![0]!["blobId"] = Path.Combine(root, "evil", "blob");
                    break;
                case "existing file as blobId":
                    hub.ServeFiles(("config.json", attackerBytes));
                    hub.TamperListing = l => (l["siblings"]![0]!["blobId"], l["siblings"]![0]!["size"]) = (victim, victimBytes.Length);
                    break;
                case "null rfilename":
                    hub.ServeFiles(("config.json", attackerBytes), ("other.json", attackerBytes));
                    hub.TamperListing = l => l["siblings"]![1]!["rfilename"] = null;
                    break;
                case "file and folder":
                    hub.ServeFiles(("x", attackerBytes), ("x/y", attackerBytes));
                    break;
                case "300-character name":
                    hub.ServeFiles(("config.json", attackerBytes), (new string('a', 300), attackerBytes));
                    break;
                case "oversize" or "stall":
                    // The folder's config.json, listed alone: at 10 bytes and served far larger, or stalling half-way.
                    byte[] config = File.ReadAllBytes(Path.Combine(folder, "config.json"));
                    byte[] listed = attack == "oversize" ? config[..10] : config;
                    hub.TamperListing = l => l["siblings"] = new JsonArray(
                        new JsonObject { ["rfilename"] = "config.json", ["size"] = listed.Length, ["blobId"] = FakeHubServer.GitBlobId(listed) });
                    hub.OversizePath = attack == "oversize" ? "config.json" : null;
                    hub.StallPath = attack == "stall" ? "config.json" : null;
                    break;
                case "revision outside the cache":
                    hub.ServeFiles(("config.json", attackerBytes));
                    revision = "../../../victim/config.json";
                    break;
            }

            var environment = new Dictionary<string, string>
            {
                ["HF_ENDPOINT"] = attack == "silent server" ? silent.Endpoint : hub.Endpoint,
                ["HF_HUB_CACHE"] = cache,
                ["HF_HUB_DOWNLOAD_TIMEOUT"] = "0.3",
            };

            CliRunner.Result result = await Task.Run(() => CliRunner.Run(string.Empty, environment, "download", hub.RepoId, "--revision", revision))
                .WaitAsync(TimeSpan.FromSeconds(60));

            Assert.AreEqual(ExitCodes.DownloadError, result.ExitCode, result.Stderr);
            Assert.AreEqual(1, result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, result.Stderr);
            StringAssert.StartsWith(result.Stderr, "xlmr: error: ");
            Assert.AreEqual(string.Empty, result.Stdout);
            CollectionAssert.AreEquivalent(new[] { cache, Path.GetDirectoryName(victim), victim }, Directory.GetFileSystemEntries(root, "*", SearchOption.AllDirectories).Where(p => !p.StartsWith(cache + Path.DirectorySeparatorChar, StringComparison.Ordinal)).ToArray());
            Assert.IsNull(new FileInfo(victim).LinkTarget, "the victim is not a link");
            CollectionAssert.AreEqual(victimBytes, File.ReadAllBytes(victim));
            Assert.IsFalse(attack == "oversize" && Directory.EnumerateFiles(cache, "*", SearchOption.AllDirectories).Any(f => new FileInfo(f).Length > 10), "nothing over the listed size is kept");
            Assert.IsFalse(Directory.Exists(Path.Combine(cache, "models--test-org--tiny-xlmr", "snapshots")), "no snapshot");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}

using System.Security.Cryptography;
using Microsoft.ML.XlmRoberta.Cli.Hub;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Cli.Tests.Hub;

/// <summary>Downloads from a hub stand-in on 127.0.0.1 serving a fixture model folder.</summary>
[TestClass]
public sealed class HubDownloaderTests
{
    private static readonly string[] SmallFiles = ["config.json", "tokenizer_config.json", "special_tokens_map.json"];
    private string _cache = null!;

    private static string Folder => SharedFixtures.Model("feature-extraction");

    [TestInitialize]
    public void CreateCache() => _cache = Directory.CreateTempSubdirectory("xlmr-hub-cache-").FullName;

    [TestCleanup]
    public void DeleteCache() => Directory.Delete(_cache, recursive: true);

    [TestMethod]
    public async Task DownloadsTheWholeRepositoryIntoTheHubCacheLayout()
    {
        using var hub = new FakeHubServer(Folder);
        using var downloader = new HubDownloader(Settings(hub));

        string snapshot = await downloader.DownloadAsync(hub.RepoId);

        string repoDir = Path.Combine(_cache, "models--test-org--tiny-xlmr");
        Assert.AreEqual(Path.Combine(repoDir, "snapshots", hub.Commit), snapshot);
        Assert.AreEqual(hub.Commit, File.ReadAllText(Path.Combine(repoDir, "refs", "main")));
        foreach (string file in Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(Folder, file);
            string cached = Path.Combine(snapshot, relative);
            Assert.IsNotNull(new FileInfo(cached).LinkTarget, $"{relative} is a link into blobs/");
            CollectionAssert.AreEqual(SHA256.HashData(File.ReadAllBytes(file)), SHA256.HashData(File.ReadAllBytes(cached)), relative);
        }

        string onnxSha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(Folder, "onnx", "model.onnx"))));
        Assert.IsTrue(File.Exists(Path.Combine(repoDir, "blobs", onnxSha256)), "LFS blobs are named by their SHA-256");
    }

    [TestMethod]
    public async Task IncludePatternsSelectFiles()
    {
        using var hub = new FakeHubServer(Folder);
        using var downloader = new HubDownloader(Settings(hub));

        string snapshot = await downloader.DownloadAsync(hub.RepoId, include: ["onnx/*", "*.json"]);

        Assert.IsTrue(File.Exists(Path.Combine(snapshot, "onnx", "model.onnx")));
        Assert.IsTrue(File.Exists(Path.Combine(snapshot, "config.json")));
        Assert.IsFalse(File.Exists(Path.Combine(snapshot, "sentencepiece.bpe.model")));
    }

    [TestMethod]
    public async Task InterruptedTransferResumesWithARangeRequest()
    {
        using var hub = new FakeHubServer(Folder);
        hub.InterruptOnce("sentencepiece.bpe.model", 1_000_000);
        using var downloader = new HubDownloader(Settings(hub));

        string snapshot = await downloader.DownloadAsync(hub.RepoId, include: ["sentencepiece.bpe.model"]);

        Assert.IsTrue(hub.Requests.Any(r => r.Url.EndsWith("sentencepiece.bpe.model", StringComparison.Ordinal) && r.Range == "bytes=1000000-"),
            string.Join("; ", hub.Requests));
        CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(Folder, "sentencepiece.bpe.model")), File.ReadAllBytes(Path.Combine(snapshot, "sentencepiece.bpe.model")));
    }

    [TestMethod]
    public async Task FailedRunKeepsThePartialFileAndTheNextRunResumes()
    {
        using var hub = new FakeHubServer(Folder);
        hub.InterruptOnce("sentencepiece.bpe.model", 2_000_000);
        using (var once = new HubDownloader(Settings(hub)) { MaxAttemptsPerFile = 1 })
        {
            HubException e = await Assert.ThrowsExactlyAsync<HubException>(() => once.DownloadAsync(hub.RepoId, include: ["sentencepiece.bpe.model"]));
            StringAssert.Contains(e.Message, "2000000 of 5069051 bytes are kept");
        }

        using var again = new HubDownloader(Settings(hub));
        string snapshot = await again.DownloadAsync(hub.RepoId, include: ["sentencepiece.bpe.model"]);

        Assert.AreEqual("bytes=2000000-", hub.Requests.Last().Range);
        CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(Folder, "sentencepiece.bpe.model")), File.ReadAllBytes(Path.Combine(snapshot, "sentencepiece.bpe.model")));
    }

    [TestMethod]
    public async Task CorruptContentFailsVerificationAndLeavesNoBlob()
    {
        using var hub = new FakeHubServer(Folder) { CorruptPath = "config.json" };
        using var downloader = new HubDownloader(Settings(hub));

        HubException e = await Assert.ThrowsExactlyAsync<HubException>(() => downloader.DownloadAsync(hub.RepoId, include: ["config.json"]));

        StringAssert.Contains(e.Message, "config.json");
        StringAssert.Contains(e.Message, "verification");
        string blobs = Path.Combine(_cache, "models--test-org--tiny-xlmr", "blobs");
        Assert.AreEqual(0, Directory.Exists(blobs) ? Directory.GetFiles(blobs).Length : 0);
    }

    [TestMethod]
    public async Task TokenAndEndpointComeFromTheEnvironment()
    {
        using var hub = new FakeHubServer(Folder) { RequiredToken = "hf_secret" };
        var environment = new Dictionary<string, string> { ["HF_ENDPOINT"] = hub.Endpoint, ["HF_HUB_CACHE"] = _cache };

        using (var anonymous = new HubDownloader(HubSettings.FromEnvironment(environment.GetValueOrDefault)))
        {
            HubException e = await Assert.ThrowsExactlyAsync<HubException>(() => anonymous.DownloadAsync(hub.RepoId, include: SmallFiles));
            StringAssert.Contains(e.Message, "HF_TOKEN");
        }

        environment["HF_TOKEN"] = "hf_secret";
        using var authorized = new HubDownloader(HubSettings.FromEnvironment(environment.GetValueOrDefault));
        string snapshot = await authorized.DownloadAsync(hub.RepoId, include: SmallFiles);
        Assert.IsTrue(File.Exists(Path.Combine(snapshot, "config.json")));
    }

    [TestMethod]
    public async Task OfflineModeUsesOnlyTheCache()
    {
        using var hub = new FakeHubServer(Folder);
        using (var online = new HubDownloader(Settings(hub)))
        {
            await online.DownloadAsync(hub.RepoId, include: SmallFiles);
        }

        int requestsBefore = hub.Requests.Count;
        using var offline = new HubDownloader(Settings(hub) with { Offline = true });
        string snapshot = await offline.DownloadAsync(hub.RepoId);

        Assert.AreEqual(requestsBefore, hub.Requests.Count, "offline mode made no request");
        Assert.IsTrue(File.Exists(Path.Combine(snapshot, "config.json")));
        HubException e = await Assert.ThrowsExactlyAsync<HubException>(() => offline.DownloadAsync("other-org/not-cached"));
        StringAssert.Contains(e.Message, "not in the cache");
    }

    [TestMethod]
    public async Task CachedFilesAreNotDownloadedAgain()
    {
        using var hub = new FakeHubServer(Folder);
        using var downloader = new HubDownloader(Settings(hub));
        await downloader.DownloadAsync(hub.RepoId, include: SmallFiles);
        int before = hub.Requests.Count;

        await downloader.DownloadAsync(hub.RepoId, include: SmallFiles);

        Assert.AreEqual(before + 1, hub.Requests.Count, "only the repository info is asked again");
    }

    [TestMethod]
    public async Task MissingRepositoryNamesIt()
    {
        using var hub = new FakeHubServer(Folder);
        using var downloader = new HubDownloader(Settings(hub));

        HubException e = await Assert.ThrowsExactlyAsync<HubException>(() => downloader.DownloadAsync("nobody/nothing"));

        StringAssert.Contains(e.Message, "'nobody/nothing'");
        StringAssert.Contains(e.Message, "not found");
    }

    private HubSettings Settings(FakeHubServer hub) => new() { Endpoint = hub.Endpoint, CacheDirectory = _cache };
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.ML.XlmRoberta.Cli.Hub;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Cli.Tests.Hub;

/// <summary>
/// Downloads from hostile hub stand-ins on 127.0.0.1: every failure is a <see cref="HubException"/> (or an
/// <see cref="ArgumentException"/> for a bad caller argument), and nothing outside the cache folder is created or touched.
/// </summary>
[TestClass]
public sealed class HostileHubTests
{
    private static readonly byte[] AttackerBytes = Encoding.UTF8.GetBytes("{\"attacker\": true}\n");
    private static readonly byte[] VictimBytes = Encoding.UTF8.GetBytes("{\"victim\": true}\n");
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private string _root = null!;
    private string _cache = null!;
    private string _victim = null!;
    private string[] _outsideBefore = null!;

    private static string Folder => SharedFixtures.Model("feature-extraction");

    private string RepoDirectory => Path.Combine(_cache, "models--test-org--tiny-xlmr");

    /// <summary>A sandbox: the cache folder, and beside it a victim model folder a hostile hub would like to replace.</summary>
    [TestInitialize]
    public void CreateSandbox()
    {
        // Lower-case, so that a client that lower-cases content ids still aims exactly at the victim.
        _root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "xlmr-hostile-hub-" + Guid.NewGuid().ToString("N"))).FullName;
        _cache = Directory.CreateDirectory(Path.Combine(_root, "cache")).FullName;
        _victim = Path.Combine(Directory.CreateDirectory(Path.Combine(_root, "victim")).FullName, "config.json");
        File.WriteAllBytes(_victim, VictimBytes);
        _outsideBefore = OutsideTheCache();
    }

    [TestCleanup]
    public void DeleteSandbox() => Directory.Delete(_root, recursive: true);

    [TestMethod]
    [DataRow("{root}/victim", DisplayName = "absolute sha")]
    [DataRow("../../../victim", DisplayName = "relative sha")]
    [DataRow("abc", DisplayName = "short sha")]
    [DataRow("gggggggggggggggggggggggggggggggggggggggg", DisplayName = "40 non-hex sha")]
    [DataRow("0123456789abcdef0123456789abcdef0123456", DisplayName = "39-hex sha")]
    [DataRow("", DisplayName = "empty sha")]
    [DataRow("<null>", DisplayName = "null sha")]
    [DataRow("<number>", DisplayName = "numeric sha")]
    public async Task CommitIdIsOnlyEverFortyHexDigits(string sha)
    {
        using var hub = new FakeHubServer(Folder);
        hub.ServeFiles(("config.json", AttackerBytes));
        hub.TamperListing = listing => listing["sha"] = Value(sha);

        HubException e = await FailsAsync(hub);

        StringAssert.Contains(e.Message, "commit");
        AssertNoFileWasRequested(hub);
        Assert.IsFalse(Directory.Exists(Path.Combine(RepoDirectory, "snapshots")), "no snapshot folder");
        AssertNothingOutsideTheCacheChanged();
    }

    [TestMethod]
    [DataRow(false, "{root}/evil/blob", DisplayName = "absolute blobId")]
    [DataRow(false, "../../../evil", DisplayName = "relative blobId")]
    [DataRow(false, "abc", DisplayName = "short blobId")]
    [DataRow(false, "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", DisplayName = "40 non-hex blobId")]
    [DataRow(false, "<sha256>", DisplayName = "SHA-256 as a git blobId")]
    [DataRow(false, "<null>", DisplayName = "null blobId")]
    [DataRow(true, "{root}/evil/blob", DisplayName = "absolute lfs sha256")]
    [DataRow(true, "../../../evil", DisplayName = "relative lfs sha256")]
    [DataRow(true, "<gitsha1>", DisplayName = "40-hex lfs sha256")]
    public async Task ContentIdIsOnlyEverAHexDigest(bool lfs, string id)
    {
        using var hub = new FakeHubServer(Folder);
        hub.ServeFiles(("config.json", AttackerBytes));
        hub.TamperListing = listing =>
        {
            JsonObject file = listing["siblings"]![0]!.AsObject();
            JsonNode? value = id switch
            {
                "<sha256>" => Convert.ToHexStringLower(SHA256.HashData(AttackerBytes)),
                "<gitsha1>" => FakeHubServer.GitBlobId(AttackerBytes),
                _ => Value(id),
            };
            if (lfs)
            {
                file["lfs"] = new JsonObject { ["sha256"] = value, ["size"] = AttackerBytes.Length, ["pointerSize"] = 134 };
            }
            else
            {
                file["blobId"] = value;
            }
        };

        HubException e = await FailsAsync(hub);

        StringAssert.Contains(e.Message, "config.json");
        AssertNoFileWasRequested(hub);
        AssertNothingOutsideTheCacheChanged();
    }

    [TestMethod]
    public async Task AnExistingFileNamedByTheContentIdIsNeverLinked()
    {
        // The issue's `blobId: "/etc/hostname"` with a matching size, aimed at a file of the sandbox instead.
        using var hub = new FakeHubServer(Folder);
        hub.ServeFiles(("config.json", AttackerBytes));
        hub.TamperListing = listing =>
        {
            JsonObject file = listing["siblings"]![0]!.AsObject();
            file["blobId"] = _victim;
            file["size"] = VictimBytes.Length;
        };

        await FailsAsync(hub);

        Assert.IsFalse(Directory.Exists(Path.Combine(RepoDirectory, "snapshots")), "nothing was linked");
        AssertNothingOutsideTheCacheChanged();
    }

    [TestMethod]
    [DataRow("<null>", DisplayName = "null rfilename")]
    [DataRow("<number>", DisplayName = "numeric rfilename")]
    [DataRow("", DisplayName = "empty rfilename")]
    [DataRow("{root}/victim/config.json", DisplayName = "absolute rfilename")]
    [DataRow("../../../../victim/config.json", DisplayName = "dot-dot rfilename")]
    [DataRow("onnx/../../../../../victim/config.json", DisplayName = "inner dot-dot rfilename")]
    [DataRow("./config.json", DisplayName = "dot segment")]
    [DataRow("onnx//model.onnx", DisplayName = "empty segment")]
    [DataRow("onnx/", DisplayName = "trailing slash")]
    [DataRow("onnx\\model.onnx", DisplayName = "backslash")]
    [DataRow("con\nfig.json", DisplayName = "newline")]
    [DataRow("con\u001b[31mfig.json", DisplayName = "escape sequence")]
    [DataRow("con\u0000fig.json", DisplayName = "NUL")]
    [DataRow("<300>", DisplayName = "300-character name")]
    [DataRow("<256 bytes>", DisplayName = "128 two-byte characters (256 UTF-8 bytes)")]
    public async Task UnsafeFileNamesAreRejectedBeforeAnyTransfer(string name)
    {
        using var hub = new FakeHubServer(Folder);
        string path = name switch
        {
            "<300>" => new string('a', 300),
            "<256 bytes>" => "onnx/" + new string('é', 128),
            _ => name.Replace("{root}", _root, StringComparison.Ordinal),
        };
        hub.ServeFiles(("config.json", AttackerBytes), (path, AttackerBytes));
        if (name is "<null>" or "<number>")
        {
            hub.TamperListing = listing => listing["siblings"]![1]!["rfilename"] = Value(name);
        }

        HubException e = await FailsAsync(hub);

        StringAssert.Contains(e.Message, "file");
        Assert.IsFalse(e.Message.Contains('\n', StringComparison.Ordinal) || e.Message.Contains('\u001b', StringComparison.Ordinal), "server text is escaped in messages");
        AssertNoFileWasRequested(hub);
        AssertNothingOutsideTheCacheChanged();
    }

    [TestMethod]
    [DataRow("x", "x/y", DisplayName = "file then folder")]
    [DataRow("x/y", "x", DisplayName = "folder then file")]
    [DataRow("a/b/c", "a/b", DisplayName = "nested")]
    [DataRow("config.json", "config.json", DisplayName = "duplicate")]
    public async Task AFileAndAFolderOfTheSameNameAreRejected(string first, string second)
    {
        using var hub = new FakeHubServer(Folder);
        hub.ServeFiles((first, AttackerBytes), (second, VictimBytes));

        HubException e = await FailsAsync(hub);

        StringAssert.Contains(e.Message, first.Length < second.Length ? first : second);
        AssertNoFileWasRequested(hub);
        AssertNothingOutsideTheCacheChanged();
    }

    [TestMethod]
    [DataRow(false, DisplayName = "chunked")]
    [DataRow(true, DisplayName = "announced Content-Length")]
    public async Task MoreBytesThanListedStopAtTheListedSizeAndNothingIsKept(bool announced)
    {
        byte[] first10 = File.ReadAllBytes(Path.Combine(Folder, "config.json"))[..10];
        using var hub = new FakeHubServer(Folder) { OversizePath = "config.json", OversizeAnnounced = announced };
        hub.TamperListing = listing =>
        {
            foreach (JsonNode? file in listing["siblings"]!.AsArray())
            {
                if ((string?)file!["rfilename"] == "config.json")
                {
                    file["size"] = 10;
                    file["blobId"] = FakeHubServer.GitBlobId(first10);
                }
            }
        };

        HubException e = await FailsAsync(hub, include: ["config.json"]);

        StringAssert.Contains(e.Message, "more than");
        StringAssert.Contains(e.Message, "10 bytes");
        foreach (string file in Directory.EnumerateFiles(_cache, "*", SearchOption.AllDirectories))
        {
            Assert.IsFalse(file.EndsWith(".incomplete", StringComparison.Ordinal), $"partial file kept: {file}");
            Assert.IsLessThanOrEqualTo(10, new FileInfo(file).Length, file);
        }

        Assert.IsLessThan(hub.OversizeBytes, hub.OversizeBytesSent, "the client hung up before the server was done");
        AssertNothingOutsideTheCacheChanged();
    }

    [TestMethod]
    public async Task AServerThatAcceptsAndNeverAnswersTimesOut()
    {
        using var silent = new SilentHubServer();
        using var downloader = new HubDownloader(Settings(silent.Endpoint));

        HubException e = await Assert.ThrowsExactlyAsync<HubException>(() => downloader.DownloadAsync("test-org/tiny-xlmr").WaitAsync(Bound));

        StringAssert.Contains(e.Message, "no data");
        Assert.AreEqual(downloader.MaxAttemptsPerFile, silent.Accepted, "each attempt opened one connection");
        AssertNothingOutsideTheCacheChanged();
    }

    [TestMethod]
    public async Task AStalledTransferTimesOutAndKeepsItsPartialFileForResume()
    {
        using var hub = new FakeHubServer(Folder) { StallPath = "config.json" };

        HubException e = await FailsAsync(hub, include: ["config.json"]);

        StringAssert.Contains(e.Message, "no data");
        StringAssert.Contains(e.Message, "are kept");
        Assert.AreEqual(3, hub.Requests.Count(r => r.Url.Contains("/resolve/", StringComparison.Ordinal)), "3 attempts");
        Assert.IsFalse(Directory.Exists(Path.Combine(RepoDirectory, "snapshots")), "no snapshot");
    }

    [TestMethod]
    public async Task ServerErrorsAreRetriedWithBackoffThenSucceed()
    {
        using var hub = new FakeHubServer(Folder);
        hub.FailNext(503);
        hub.FailNext(500, pathContains: "/resolve/");
        hub.FailNext(502, pathContains: "/resolve/");
        using var downloader = new HubDownloader(Settings(hub.Endpoint));

        string snapshot = await downloader.DownloadAsync(hub.RepoId, include: ["config.json"]).WaitAsync(Bound);

        CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(Folder, "config.json")), File.ReadAllBytes(Path.Combine(snapshot, "config.json")));
        Assert.AreEqual(2, hub.Requests.Count(r => r.Url.StartsWith("/api/", StringComparison.Ordinal)), string.Join("; ", hub.Requests));
        Assert.AreEqual(3, hub.Requests.Count(r => r.Url.Contains("/resolve/", StringComparison.Ordinal)), string.Join("; ", hub.Requests));
    }

    [TestMethod]
    public async Task TooManyRequestsWaitsAsLongAsRetryAfterSays()
    {
        using var hub = new FakeHubServer(Folder);
        hub.FailNext(429, retryAfter: "1");
        using var downloader = new HubDownloader(Settings(hub.Endpoint));

        await downloader.DownloadAsync(hub.RepoId, include: ["config.json"]).WaitAsync(Bound);

        DateTime[] api = [.. hub.Requests.Where(r => r.Url.StartsWith("/api/", StringComparison.Ordinal)).Select(r => r.At)];
        Assert.HasCount(2, api);
        Assert.IsGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.95), api[1] - api[0], "the retry came after Retry-After, not after the 20 ms backoff");
    }

    [TestMethod]
    public async Task ARetryAfterBeyondTheLimitFailsAtOnceNamingIt()
    {
        using var hub = new FakeHubServer(Folder);
        hub.FailNext(429, retryAfter: "3600");

        HubException e = await FailsAsync(hub, include: ["config.json"]);

        StringAssert.Contains(e.Message, "3600");
        Assert.HasCount(1, hub.Requests);
    }

    [TestMethod]
    [DataRow(400)]
    [DataRow(401)]
    [DataRow(403)]
    [DataRow(404)]
    [DataRow(410)]
    public async Task ClientErrorsOtherThan429AreNotRetried(int status)
    {
        using var hub = new FakeHubServer(Folder);
        hub.FailNext(status);
        hub.FailNext(status);

        HubException e = await FailsAsync(hub, include: ["config.json"]);

        StringAssert.Contains(e.Message, status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.HasCount(1, hub.Requests);
    }

    [TestMethod]
    public async Task ACorruptCachedBlobIsVerifiedAndDownloadedAgain()
    {
        using var hub = new FakeHubServer(Folder);
        using var downloader = new HubDownloader(Settings(hub.Endpoint));
        string snapshot = await downloader.DownloadAsync(hub.RepoId, include: ["config.json"]).WaitAsync(Bound);
        string blob = Path.Combine(RepoDirectory, "blobs", FakeHubServer.GitBlobId(File.ReadAllBytes(Path.Combine(Folder, "config.json"))));
        byte[] corrupt = File.ReadAllBytes(blob);
        corrupt[0] ^= 0xFF;
        File.WriteAllBytes(blob, corrupt);

        await downloader.DownloadAsync(hub.RepoId, include: ["config.json"]).WaitAsync(Bound);

        CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(Folder, "config.json")), File.ReadAllBytes(Path.Combine(snapshot, "config.json")));
        Assert.AreEqual(2, hub.Requests.Count(r => r.Url.Contains("/resolve/", StringComparison.Ordinal)), "downloaded again");
    }

    [TestMethod]
    public async Task AFailedDownloadLinksNothingAndTheNextOneIsComplete()
    {
        using var hub = new FakeHubServer(Folder);
        hub.FailNext(404, pathContains: "tokenizer_config.json");
        string[] files = ["config.json", "tokenizer_config.json"];

        await FailsAsync(hub, include: files);

        Assert.IsFalse(Directory.Exists(Path.Combine(RepoDirectory, "snapshots")), "no partial snapshot");
        Assert.IsFalse(Directory.Exists(Path.Combine(RepoDirectory, "refs")), "no ref to a partial snapshot");
        using var downloader = new HubDownloader(Settings(hub.Endpoint));
        string snapshot = await downloader.DownloadAsync(hub.RepoId, include: files).WaitAsync(Bound);
        foreach (string file in files)
        {
            CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(Folder, file)), File.ReadAllBytes(Path.Combine(snapshot, file)), file);
        }
    }

    [TestMethod]
    public async Task ALinkAlreadyInTheSnapshotIsReplacedNeverWrittenThrough()
    {
        using var hub = new FakeHubServer(Folder);
        string snapshotDirectory = Directory.CreateDirectory(Path.Combine(RepoDirectory, "snapshots", hub.Commit)).FullName;
        string outside = Path.Combine(_root, "written-through");
        File.CreateSymbolicLink(Path.Combine(snapshotDirectory, "config.json"), outside); // dangling, pointing out of the cache
        using var downloader = new HubDownloader(Settings(hub.Endpoint));

        string snapshot = await downloader.DownloadAsync(hub.RepoId, include: ["config.json"]).WaitAsync(Bound);

        Assert.IsFalse(File.Exists(outside), "nothing was written through the link");
        CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(Folder, "config.json")), File.ReadAllBytes(Path.Combine(snapshot, "config.json")));
        StringAssert.StartsWith(Path.GetFullPath(new FileInfo(Path.Combine(snapshot, "config.json")).LinkTarget!, snapshot), Path.Combine(RepoDirectory, "blobs"));
        AssertNothingOutsideTheCacheChanged();
    }

    [TestMethod]
    [DataRow("{root}/victim", DisplayName = "absolute")]
    [DataRow("../../../victim", DisplayName = "relative")]
    public async Task ATamperedRefIsNotFollowedOffline(string commit)
    {
        Directory.CreateDirectory(Path.Combine(RepoDirectory, "refs"));
        File.WriteAllText(Path.Combine(RepoDirectory, "refs", "main"), commit.Replace("{root}", _root, StringComparison.Ordinal));
        using var offline = new HubDownloader(Settings("http://127.0.0.1:9") with { Offline = true });

        HubException e = await Assert.ThrowsExactlyAsync<HubException>(() => offline.DownloadAsync("test-org/tiny-xlmr").WaitAsync(Bound));

        StringAssert.Contains(e.Message, "not in the cache");
    }

    [TestMethod]
    [DataRow("../../../victim/config.json")]
    [DataRow("{root}/victim/config.json")]
    [DataRow("refs/../../../../victim/config.json")]
    [DataRow("main\n")]
    public async Task ARevisionIsNeverAPathOutsideTheCache(string revision)
    {
        using var hub = new FakeHubServer(Folder);
        hub.ServeFiles(("config.json", AttackerBytes));
        using var downloader = new HubDownloader(Settings(hub.Endpoint));

        await Assert.ThrowsExactlyAsync<ArgumentException>(
            () => downloader.DownloadAsync(hub.RepoId, revision.Replace("{root}", _root, StringComparison.Ordinal)).WaitAsync(Bound));

        Assert.IsEmpty(hub.Requests);
        AssertNothingOutsideTheCacheChanged();
    }

    [TestMethod]
    public void DownloadTimeoutComesFromTheEnvironmentAndMustBePositive()
    {
        HubSettings settings = HubSettings.FromEnvironment(name => name == "HF_HUB_DOWNLOAD_TIMEOUT" ? "0.25" : null);
        Assert.AreEqual(TimeSpan.FromSeconds(0.25), settings.ReadTimeout);
        Assert.AreEqual(TimeSpan.FromSeconds(0.25), settings.ConnectTimeout);

        foreach (string bad in new[] { "0", "-1", "soon", "NaN", "1e300" })
        {
            ArgumentException e = Assert.ThrowsExactly<ArgumentException>(() => HubSettings.FromEnvironment(name => name == "HF_HUB_DOWNLOAD_TIMEOUT" ? bad : null), bad);
            StringAssert.Contains(e.Message, "HF_HUB_DOWNLOAD_TIMEOUT");
        }

        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new HubDownloader(new HubSettings { ReadTimeout = TimeSpan.Zero }));
    }

    /// <summary>A JSON value for a data row: null, a number, or the text with {root} naming the sandbox.</summary>
    private JsonNode? Value(string text) => text switch
    {
        "<null>" => null,
        "<number>" => JsonValue.Create(123),
        _ => JsonValue.Create(text.Replace("{root}", _root, StringComparison.Ordinal)),
    };

    private static void AssertNoFileWasRequested(FakeHubServer hub) =>
        Assert.IsFalse(hub.Requests.Any(r => !r.Url.StartsWith("/api/", StringComparison.Ordinal)), string.Join("; ", hub.Requests));

    private async Task<HubException> FailsAsync(FakeHubServer hub, string[]? include = null)
    {
        using var downloader = new HubDownloader(Settings(hub.Endpoint));
        return await Assert.ThrowsExactlyAsync<HubException>(() => downloader.DownloadAsync(hub.RepoId, include: include).WaitAsync(Bound));
    }

    private HubSettings Settings(string endpoint) => new()
    {
        Endpoint = endpoint,
        CacheDirectory = _cache,
        ConnectTimeout = TimeSpan.FromSeconds(1),
        ReadTimeout = TimeSpan.FromMilliseconds(300),
        RetryDelay = TimeSpan.FromMilliseconds(20),
        MaxRetryDelay = TimeSpan.FromSeconds(2),
    };

    /// <summary>Every path under the sandbox outside the cache, with each file's length, bytes hash and link target.</summary>
    private string[] OutsideTheCache()
    {
        var entries = new List<string>();
        foreach (string path in Directory.EnumerateFileSystemEntries(_root, "*", SearchOption.AllDirectories))
        {
            if (path == _cache || path.StartsWith(_cache + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }

            var info = new FileInfo(path);
            string content = info.Exists && info.LinkTarget is null ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))) : "-";
            entries.Add($"{path} link={info.LinkTarget} {content}");
        }

        entries.Sort(StringComparer.Ordinal);
        return [.. entries];
    }

    private void AssertNothingOutsideTheCacheChanged()
    {
        CollectionAssert.AreEqual(_outsideBefore, OutsideTheCache(), string.Join("\n", OutsideTheCache()));
        Assert.IsNull(new FileInfo(_victim).LinkTarget, "the victim is not a link");
        CollectionAssert.AreEqual(VictimBytes, File.ReadAllBytes(_victim));
    }
}

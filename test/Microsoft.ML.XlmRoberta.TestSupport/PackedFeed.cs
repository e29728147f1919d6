using System.Security.Cryptography;
using System.Text;

namespace Microsoft.ML.XlmRoberta.TestSupport;

/// <summary>
/// The repository's packages (<c>dotnet pack -c Release</c> of every project under <c>src/</c>) in a local folder
/// feed, as a user would get them. Packed once per source state and shared by every test process (a file lock
/// serialises the packing), under <c>artifacts/test-feed/&lt;stamp&gt;</c>. The version is the one from
/// <c>build/Packaging.props</c> with the suffix <c>test.&lt;stamp&gt;</c>, so a package cached by an earlier build can
/// never stand in for this one; consumers also restore into an isolated <c>NUGET_PACKAGES</c> folder.
/// </summary>
public sealed class PackedFeed
{
    /// <summary>The projects packed, relative to the repository root.</summary>
    public static readonly string[] PackedProjects =
    [
        "src/Microsoft.ML.XlmRoberta.Core/Microsoft.ML.XlmRoberta.Core.csproj",
        "src/Microsoft.ML.XlmRoberta/Microsoft.ML.XlmRoberta.csproj",
        "src/Microsoft.ML.XlmRoberta.Cli/Microsoft.ML.XlmRoberta.Cli.csproj",
    ];

    private static readonly Lazy<PackedFeed> Shared = new(Create);

    private PackedFeed(string directory, string version)
    {
        Directory = directory;
        Version = version;
    }

    /// <summary>The feed folder (holds the .nupkg and .snupkg files).</summary>
    public string Directory { get; }

    /// <summary>The version of every package in the feed.</summary>
    public string Version { get; }

    /// <summary>The feed for the current sources, packing it first when needed (minutes on a cold machine).</summary>
    public static PackedFeed Get() => Shared.Value;

    /// <summary>The path of a package in the feed, e.g. <c>Package("Microsoft.ML.XlmRoberta.Core")</c>.</summary>
    public string Package(string id, string extension = ".nupkg")
    {
        string path = Path.Combine(Directory, $"{id}.{Version}{extension}");
        return File.Exists(path) ? path : throw new FileNotFoundException($"The packed feed has no {Path.GetFileName(path)}.", path);
    }

    /// <summary>A new, empty folder to use as <c>NUGET_PACKAGES</c>, so that nothing cached elsewhere is used.</summary>
    public static string CreateIsolatedPackagesFolder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "xlmr-nuget-packages-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Writes a <c>nuget.config</c> into <paramref name="folder"/> that adds this feed to the configured sources.</summary>
    public void WriteNuGetConfig(string folder)
    {
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="xlmr-packed-feed" value="{Directory}" />
              </packageSources>
            </configuration>
            """);
    }

    private static PackedFeed Create()
    {
        string root = SharedFixtures.RepositoryRoot;
        string stamp = SourceStamp(root);
        string feeds = Path.Combine(root, "artifacts", "test-feed");
        string feed = Path.Combine(feeds, stamp);
        string marker = Path.Combine(feed, ".complete");
        System.IO.Directory.CreateDirectory(feeds);

        using FileStream gate = AcquireLock(Path.Combine(feeds, ".lock"), TimeSpan.FromMinutes(20));
        if (File.Exists(marker))
        {
            return new PackedFeed(feed, File.ReadAllText(marker).Trim());
        }

        foreach (string stale in System.IO.Directory.EnumerateDirectories(feeds))
        {
            System.IO.Directory.Delete(stale, recursive: true);
        }

        System.IO.Directory.CreateDirectory(feed);
        foreach (string project in PackedProjects)
        {
            ChildProcessResult pack = ChildProcess.Run(
                ChildProcess.DotNet,
                ["pack", Path.Combine(root, project), "-c", "Release", "-o", feed, "-p:VersionSuffix=test." + stamp, "-nodeReuse:false", "--disable-build-servers"],
                root,
                timeout: TimeSpan.FromMinutes(10));
            if (pack.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet pack {project} failed:\n{pack.Transcript}");
            }
        }

        string core = System.IO.Directory.GetFiles(feed, "Microsoft.ML.XlmRoberta.Core.*.nupkg").Single(p => !p.EndsWith(".snupkg", StringComparison.Ordinal));
        string version = Path.GetFileNameWithoutExtension(core)["Microsoft.ML.XlmRoberta.Core.".Length..];
        File.WriteAllText(marker, version);
        return new PackedFeed(feed, version);
    }

    // Hash of the inputs that go into the packages: paths, sizes and write times (cheap, and changes with any edit).
    private static string SourceStamp(string root)
    {
        var files = new List<string>();
        foreach (string folder in new[] { "src", "build", Path.Combine("samples", "data") })
        {
            string full = Path.Combine(root, folder);
            if (System.IO.Directory.Exists(full))
            {
                files.AddRange(System.IO.Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories)
                    .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                             && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)));
            }
        }

        files.AddRange(System.IO.Directory.EnumerateFiles(root, "Directory.*"));
        files.Sort(StringComparer.Ordinal);
        var text = new StringBuilder();
        foreach (string file in files)
        {
            var info = new FileInfo(file);
            text.Append(Path.GetRelativePath(root, file)).Append('|').Append(info.Length).Append('|').Append(info.LastWriteTimeUtc.Ticks).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..12];
    }

    private static FileStream AcquireLock(string path, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(500);
            }
        }
    }
}

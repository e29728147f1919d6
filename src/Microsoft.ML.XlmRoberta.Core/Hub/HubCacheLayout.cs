namespace Microsoft.ML.XlmRoberta.Hub;

/// <summary>
/// The Hugging Face hub cache layout for one model repository, shared with Python's <c>huggingface_hub</c>:
/// <c>models--org--name/blobs/&lt;etag&gt;</c> holds content, <c>snapshots/&lt;commit&gt;/&lt;path&gt;</c> links to it,
/// and <c>refs/&lt;revision&gt;</c> names the commit a branch or tag resolved to.
/// </summary>
public sealed class HubCacheLayout
{
    /// <summary>The layout of <paramref name="repoId"/> (e.g. <c>FacebookAI/xlm-roberta-base</c>) under <paramref name="cacheDirectory"/>.</summary>
    public HubCacheLayout(string cacheDirectory, string repoId)
    {
        RepoId = HubRepoId.Validate(repoId);
        RepositoryDirectory = Path.Combine(cacheDirectory, "models--" + RepoId.Replace("/", "--", StringComparison.Ordinal));
    }

    /// <summary>The repository id.</summary>
    public string RepoId { get; }

    /// <summary><c>models--org--name</c>.</summary>
    public string RepositoryDirectory { get; }

    /// <summary>The content file of a blob.</summary>
    public string BlobPath(string etag) => Path.Combine(RepositoryDirectory, "blobs", etag);

    /// <summary>The snapshot folder of a commit: a usable model folder.</summary>
    public string SnapshotDirectory(string commit) => Path.Combine(RepositoryDirectory, "snapshots", commit);

    /// <summary>The file that records which commit <paramref name="revision"/> resolved to.</summary>
    public string RefPath(string revision) => Path.Combine(RepositoryDirectory, "refs", revision);

    /// <summary>The commit <paramref name="revision"/> resolved to last time, or null.</summary>
    public string? ReadRef(string revision)
    {
        if (HubRepoId.IsCommitHash(revision))
        {
            return revision;
        }

        string path = RefPath(revision);
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    /// <summary>Records that <paramref name="revision"/> resolved to <paramref name="commit"/>.</summary>
    public void WriteRef(string revision, string commit)
    {
        if (revision == commit)
        {
            return;
        }

        string path = RefPath(revision);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, commit);
    }

    /// <summary>
    /// Makes <c>snapshots/&lt;commit&gt;/&lt;file&gt;</c> point at the blob: a relative symbolic link where the file system
    /// allows it (as <c>huggingface_hub</c> does), else a copy.
    /// </summary>
    public string LinkIntoSnapshot(string commit, string file, string etag)
    {
        string target = Path.Combine(SnapshotDirectory(commit), file.Replace('/', Path.DirectorySeparatorChar));
        string directory = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(directory);
        if (File.Exists(target) || Directory.Exists(target))
        {
            File.Delete(target);
        }

        string blob = BlobPath(etag);
        try
        {
            File.CreateSymbolicLink(target, Path.GetRelativePath(directory, blob));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            File.Copy(blob, target, overwrite: true);
        }

        return target;
    }
}

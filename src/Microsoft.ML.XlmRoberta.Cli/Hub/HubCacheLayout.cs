namespace Microsoft.ML.XlmRoberta.Cli.Hub;

/// <summary>
/// The Hugging Face hub cache layout for one model repository, shared with Python's <c>huggingface_hub</c>:
/// <c>models--org--name/blobs/&lt;etag&gt;</c> holds content, <c>snapshots/&lt;commit&gt;/&lt;path&gt;</c> links to it,
/// and <c>refs/&lt;revision&gt;</c> names the commit a branch or tag resolved to. Every path it builds is checked first:
/// content ids are hex digests, commits 40 hex digits, file names and revisions safe relative paths.
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
    /// <exception cref="ArgumentException"><paramref name="etag"/> is not a git SHA-1 or a SHA-256 in lower-case hex.</exception>
    public string BlobPath(string etag) =>
        HubRepoId.IsLowerHex(etag, 40) || HubRepoId.IsLowerHex(etag, 64)
            ? Path.Combine(RepositoryDirectory, "blobs", etag)
            : throw new ArgumentException($"{ServerText.Quote(etag)} is not a content id (40 or 64 lower-case hex digits).", nameof(etag));

    /// <summary>The snapshot folder of a commit: a usable model folder.</summary>
    /// <exception cref="ArgumentException"><paramref name="commit"/> is not 40 lower-case hex digits.</exception>
    public string SnapshotDirectory(string commit) =>
        HubRepoId.IsCommitHash(commit)
            ? Path.Combine(RepositoryDirectory, "snapshots", commit)
            : throw new ArgumentException($"{ServerText.Quote(commit)} is not a commit id (40 lower-case hex digits).", nameof(commit));

    /// <summary>The file that records which commit <paramref name="revision"/> resolved to.</summary>
    /// <exception cref="ArgumentException"><paramref name="revision"/> is not a safe relative path.</exception>
    public string RefPath(string revision) => Path.Combine(RepositoryDirectory, "refs", HubRepoId.ValidateRevision(revision));

    /// <summary>The commit <paramref name="revision"/> resolved to last time, or null (also when the ref is not a commit id).</summary>
    public string? ReadRef(string revision)
    {
        if (HubRepoId.IsCommitHash(revision))
        {
            return revision;
        }

        string path = RefPath(revision);
        string? commit = File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        return HubRepoId.IsCommitHash(commit) ? commit : null;
    }

    /// <summary>Records that <paramref name="revision"/> resolved to <paramref name="commit"/>.</summary>
    public void WriteRef(string revision, string commit)
    {
        if (revision == commit)
        {
            return;
        }

        string path = RefPath(revision);
        _ = SnapshotDirectory(commit); // checks the commit id
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, commit);
    }

    /// <summary>
    /// Makes <c>snapshots/&lt;commit&gt;/&lt;file&gt;</c> point at the blob: a relative symbolic link where the file system
    /// allows it (as <c>huggingface_hub</c> does), else a copy. Whatever is at that path already is replaced, never
    /// written through: a link is removed, not followed.
    /// </summary>
    /// <exception cref="ArgumentException">An argument is not a safe commit id, file path or content id.</exception>
    /// <exception cref="IOException">A folder is where the file goes, or the file system refused.</exception>
    public string LinkIntoSnapshot(string commit, string file, string etag)
    {
        if (HubListing.FindPathProblem(file) is string problem)
        {
            throw new ArgumentException($"the file name {ServerText.Quote(file)} cannot be used: {problem}.", nameof(file));
        }

        string blob = BlobPath(etag);
        string target = Path.Combine(SnapshotDirectory(commit), file.Replace('/', Path.DirectorySeparatorChar));
        string directory = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(directory);
        var existing = new FileInfo(target);
        if (existing.Attributes != (FileAttributes)(-1) && existing.LinkTarget is null && existing.Attributes.HasFlag(FileAttributes.Directory))
        {
            throw new IOException($"{target} is a folder; the file {ServerText.Quote(file)} cannot be linked there.");
        }

        File.Delete(target); // a file or a link (even a dangling one) itself, never what it points to
        try
        {
            File.CreateSymbolicLink(target, Path.GetRelativePath(directory, blob));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            File.Copy(blob, target, overwrite: false);
        }

        return target;
    }
}

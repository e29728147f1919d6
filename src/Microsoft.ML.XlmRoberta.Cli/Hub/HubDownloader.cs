using System.Buffers;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Microsoft.ML.XlmRoberta.Cli.Hub;

/// <summary>
/// Downloads a model repository from the Hugging Face hub into the hub cache (the layout <c>huggingface_hub</c> uses,
/// so both share one cache) and returns the snapshot folder, a ready model folder. The hub is not trusted: its listing
/// is checked before any path is built from it (<see cref="HubCacheLayout"/>), no file is written past its listed size,
/// and every file, downloaded or already cached, is verified against the size and SHA-256 / git SHA-1 the hub lists
/// before it is linked into the snapshot. Interrupted files resume from where they stopped (HTTP range requests, also
/// across runs); stalled requests time out; 5xx and 429 answers are retried with backoff. The snapshot is linked only
/// once every selected file is verified. In offline mode nothing touches the network.
/// </summary>
public sealed class HubDownloader : IDisposable
{
    private const string IncompleteSuffix = ".incomplete";
    private const int BufferSize = 1 << 16;
    private readonly HubSettings _settings;
    private readonly HttpClient _http;

    /// <summary>Creates a downloader; <paramref name="handler"/> replaces the HTTP stack (tests, proxies).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A timeout or delay of <paramref name="settings"/> is out of range.</exception>
    public HubDownloader(HubSettings settings, HttpMessageHandler? handler = null)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        settings.Validate();
        _http = handler is null
            ? new HttpClient(new SocketsHttpHandler
            {
                ConnectTimeout = settings.ConnectTimeout,
                MaxAutomaticRedirections = 10,
                AutomaticDecompression = DecompressionMethods.None,
            })
            : new HttpClient(handler, disposeHandler: false);
        _http.Timeout = Timeout.InfiniteTimeSpan; // each attempt has its own IdleTimeout instead
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("Microsoft.ML.XlmRoberta/1.0");
    }

    /// <summary>Attempts per request (the repository info, each file; each file attempt resumes the previous); at least 1.</summary>
    public int MaxAttemptsPerFile { get; init; } = 3;

    /// <summary>
    /// Downloads <paramref name="repoId"/> at <paramref name="revision"/> (files matching any of
    /// <paramref name="include"/>, all when null or empty) and returns the snapshot folder.
    /// </summary>
    /// <exception cref="HubException">The repository cannot be reached, found, read, trusted, verified or written.</exception>
    /// <exception cref="ArgumentException"><paramref name="repoId"/> or <paramref name="revision"/> is not valid.</exception>
    public async Task<string> DownloadAsync(
        string repoId,
        string revision = "main",
        IReadOnlyList<string>? include = null,
        IProgress<HubDownloadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var layout = new HubCacheLayout(_settings.CacheDirectory, repoId);
        HubRepoId.ValidateRevision(revision);
        try
        {
            return _settings.Offline
                ? FromCache(layout, revision)
                : await DownloadOnlineAsync(layout, revision, include, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HubException($"cannot use the hub cache {layout.RepositoryDirectory} ({e.Message}).", e);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private async Task<string> DownloadOnlineAsync(
        HubCacheLayout layout, string revision, IReadOnlyList<string>? include, IProgress<HubDownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var retry = new HubRetryPolicy(_settings, MaxAttemptsPerFile);
        var api = new HubApi(_http, _settings, retry);
        (string commit, List<HubFile> allFiles) = await api.GetRepositoryAsync(layout.RepoId, revision, cancellationToken).ConfigureAwait(false);
        List<HubFile> files = Select(allFiles, include);
        if (files.Count == 0)
        {
            throw new HubException($"no file of '{layout.RepoId}' at '{revision}' matches {string.Join(", ", include ?? [])}.");
        }

        long totalSize = 0;
        foreach (HubFile file in files)
        {
            totalSize += file.Size;
        }

        long doneBefore = 0;
        foreach (HubFile file in files)
        {
            long offset = doneBefore;
            Action<long>? fileProgress = progress is null ? null : b => progress.Report(new HubDownloadProgress(file.Path, b, offset + b, totalSize));
            await EnsureBlobAsync(api, retry, layout, commit, file, fileProgress, cancellationToken).ConfigureAwait(false);
            doneBefore += file.Size;
            progress?.Report(new HubDownloadProgress(file.Path, file.Size, doneBefore, totalSize));
        }

        // Only now, with every blob verified, does the snapshot change: a failed download links nothing.
        foreach (HubFile file in files)
        {
            layout.LinkIntoSnapshot(commit, file.Path, file.Etag);
        }

        layout.WriteRef(revision, commit);
        return layout.SnapshotDirectory(commit);
    }

    private static string FromCache(HubCacheLayout layout, string revision)
    {
        string? commit = layout.ReadRef(revision);
        string? snapshot = commit is null ? null : layout.SnapshotDirectory(commit);
        return snapshot is not null && Directory.Exists(snapshot)
            ? snapshot
            : throw new HubException($"offline: '{layout.RepoId}' at {ServerText.Quote(revision)} is not in the cache {layout.RepositoryDirectory}; download it once while online.");
    }

    private static List<HubFile> Select(List<HubFile> files, IReadOnlyList<string>? include)
    {
        var patterns = new List<GlobPattern>();
        foreach (string pattern in include ?? [])
        {
            patterns.Add(new GlobPattern(pattern));
        }

        var selected = new List<HubFile>();
        foreach (HubFile file in files)
        {
            bool match = patterns.Count == 0;
            foreach (GlobPattern pattern in patterns)
            {
                match |= pattern.IsMatch(file.Path);
            }

            if (match)
            {
                selected.Add(file);
            }
        }

        return selected;
    }

    private async Task EnsureBlobAsync(
        HubApi api, HubRetryPolicy retry, HubCacheLayout layout, string commit, HubFile file, Action<long>? progress, CancellationToken cancellationToken)
    {
        string blob = layout.BlobPath(file.Etag);
        if (File.Exists(blob))
        {
            if (Check(file, blob) is null)
            {
                return;
            }

            File.Delete(blob); // a cached copy that fails verification is downloaded again
        }

        Directory.CreateDirectory(Path.GetDirectoryName(blob)!);
        string partial = blob + IncompleteSuffix;
        await retry.RunAsync(
            async idle =>
            {
                await DownloadToAsync(api, layout, commit, file, partial, progress, idle).ConfigureAwait(false);
                return true;
            },
            (reason, attempts, e) => new HubException(
                $"downloading {ServerText.Quote(file.Path)} of '{layout.RepoId}' failed after {attempts} attempt(s) ({reason}); " +
                $"{(File.Exists(partial) ? new FileInfo(partial).Length : 0)} of {file.Size} bytes are kept in {partial} and the next download resumes from there.", e),
            cancellationToken).ConfigureAwait(false);

        if (Check(file, partial) is string mismatch)
        {
            File.Delete(partial);
            throw new HubException($"{ServerText.Quote(file.Path)} of '{layout.RepoId}' failed verification: {mismatch}; the bad copy was deleted.");
        }

        File.Move(partial, blob, overwrite: true);
    }

    /// <summary>
    /// Appends the rest of <paramref name="file"/> to <paramref name="partial"/>, writing never more than its listed size:
    /// a server that sends (or announces) more fails the download and the partial file is removed.
    /// </summary>
    private static async Task DownloadToAsync(
        HubApi api, HubCacheLayout layout, string commit, HubFile file, string partial, Action<long>? progress, IdleTimeout idle)
    {
        long have = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        if (have > file.Size)
        {
            File.Delete(partial);
            have = 0;
        }

        if (have == file.Size)
        {
            return;
        }

        using HttpResponseMessage response = await api.GetFileAsync(layout.RepoId, commit, file, have, idle).ConfigureAwait(false);
        bool partialContent = response.StatusCode == HttpStatusCode.PartialContent;
        long start = have > 0 && partialContent && response.Content.Headers.ContentRange?.From == have ? have : 0;
        if (partialContent && response.Content.Headers.ContentRange?.From != start)
        {
            File.Delete(partial);
            throw new IOException($"the hub answered a range that does not start at byte {start}");
        }

        if (response.Content.Headers.ContentLength is long announced && announced > file.Size - start)
        {
            File.Delete(partial);
            throw Oversize(layout, file, $"announced {start + announced}");
        }

        long written = start;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            await using (var output = new FileStream(partial, start > 0 ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, BufferSize))
            {
                await using Stream body = await response.Content.ReadAsStreamAsync(idle.Token).ConfigureAwait(false);
                int read;
                while ((read = await body.ReadAsync(buffer.AsMemory(0, BufferSize), idle.Token).ConfigureAwait(false)) > 0)
                {
                    idle.Restart();
                    if (read > file.Size - written)
                    {
                        written = -1;
                        break;
                    }

                    await output.WriteAsync(buffer.AsMemory(0, read), idle.Token).ConfigureAwait(false);
                    written += read;
                    progress?.Invoke(written);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (written < 0)
        {
            File.Delete(partial);
            throw Oversize(layout, file, "kept sending");
        }

        if (written != file.Size)
        {
            throw new IOException($"the connection closed after {written} of {file.Size} bytes");
        }
    }

    private static HubException Oversize(HubCacheLayout layout, HubFile file, string what) =>
        new($"{ServerText.Quote(file.Path)} of '{layout.RepoId}' is listed at {file.Size} bytes but the hub {what} more than {file.Size} bytes; nothing of it was kept.");

    /// <summary>Null when <paramref name="path"/> has the size and SHA-256 / git SHA-1 of <paramref name="file"/>, else what differs.</summary>
    private static string? Check(HubFile file, string path)
    {
        long length = new FileInfo(path).Length;
        if (length != file.Size)
        {
            return $"expected {file.Size} bytes, found {length}";
        }

        string actual;
        using (var incremental = IncrementalHash.CreateHash(file.IsLfs ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA1))
        {
            if (!file.IsLfs)
            {
                incremental.AppendData(Encoding.ASCII.GetBytes($"blob {length}\0")); // git blob id
            }

            byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            try
            {
                using FileStream stream = File.OpenRead(path);
                int read;
                while ((read = stream.Read(buffer, 0, BufferSize)) > 0)
                {
                    incremental.AppendData(buffer, 0, read);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            actual = Convert.ToHexStringLower(incremental.GetHashAndReset());
        }

        return actual == file.Etag ? null : $"expected {(file.IsLfs ? "SHA-256" : "git SHA-1")} {file.Etag} of {file.Size} bytes, got {actual}";
    }
}

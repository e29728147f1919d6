using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Microsoft.ML.XlmRoberta.Hub;

/// <summary>
/// Downloads a model repository from the Hugging Face hub into the hub cache (the layout <c>huggingface_hub</c> uses,
/// so both share one cache) and returns the snapshot folder, a ready model folder. Interrupted files resume from where
/// they stopped (HTTP range requests, also across runs); every file is verified against the size and SHA-256 / git
/// SHA-1 the hub lists before it is used; in offline mode nothing touches the network.
/// </summary>
public sealed class HubDownloader : IDisposable
{
    private const string IncompleteSuffix = ".incomplete";
    private readonly HubSettings _settings;
    private readonly HttpClient _http;
    private readonly HubApi _api;

    /// <summary>Creates a downloader; <paramref name="handler"/> replaces the HTTP stack (tests, proxies).</summary>
    public HubDownloader(HubSettings settings, HttpMessageHandler? handler = null)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.Timeout = Timeout.InfiniteTimeSpan;
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("Microsoft.ML.XlmRoberta/1.0");
        _api = new HubApi(_http, settings);
    }

    /// <summary>Attempts per file within one call (each one resumes the previous); at least 1.</summary>
    public int MaxAttemptsPerFile { get; init; } = 3;

    /// <summary>
    /// Downloads <paramref name="repoId"/> at <paramref name="revision"/> (files matching any of
    /// <paramref name="include"/>, all when null or empty) and returns the snapshot folder.
    /// </summary>
    /// <exception cref="HubException">The repository cannot be reached, found, read or verified.</exception>
    public async Task<string> DownloadAsync(
        string repoId,
        string revision = "main",
        IReadOnlyList<string>? include = null,
        IProgress<HubDownloadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var layout = new HubCacheLayout(_settings.CacheDirectory, repoId);
        ArgumentException.ThrowIfNullOrEmpty(revision);
        if (_settings.Offline)
        {
            return FromCache(layout, revision);
        }

        (string commit, IReadOnlyList<HubFile> allFiles) = await _api.GetRepositoryAsync(layout.RepoId, revision, cancellationToken).ConfigureAwait(false);
        List<HubFile> files = Select(allFiles, include);
        if (files.Count == 0)
        {
            throw new HubException($"no file of '{repoId}' at '{revision}' matches {string.Join(", ", include ?? [])}.");
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
            await EnsureBlobAsync(layout, commit, file, fileProgress, cancellationToken).ConfigureAwait(false);
            layout.LinkIntoSnapshot(commit, file.Path, file.Etag);
            doneBefore += file.Size;
            progress?.Report(new HubDownloadProgress(file.Path, file.Size, doneBefore, totalSize));
        }

        layout.WriteRef(revision, commit);
        return layout.SnapshotDirectory(commit);
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private static string FromCache(HubCacheLayout layout, string revision)
    {
        string? commit = layout.ReadRef(revision);
        string? snapshot = commit is null ? null : layout.SnapshotDirectory(commit);
        return snapshot is not null && Directory.Exists(snapshot)
            ? snapshot
            : throw new HubException($"offline: '{layout.RepoId}' at '{revision}' is not in the cache {layout.RepositoryDirectory}; download it once while online.");
    }

    private static List<HubFile> Select(IReadOnlyList<HubFile> files, IReadOnlyList<string>? include)
    {
        var patterns = new List<GlobPattern>();
        foreach (string pattern in include ?? [])
        {
            patterns.Add(new GlobPattern(pattern));
        }

        var selected = new List<HubFile>();
        foreach (HubFile file in files)
        {
            if (HasUnsafePath(file.Path))
            {
                throw new HubException($"the hub listed an unsafe file path '{file.Path}'.");
            }

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

    private static bool HasUnsafePath(string path) =>
        path.Length == 0 || path.StartsWith('/') || path.Contains('\\', StringComparison.Ordinal) || Array.IndexOf(path.Split('/'), "..") >= 0;

    private async Task EnsureBlobAsync(HubCacheLayout layout, string commit, HubFile file, Action<long>? progress, CancellationToken cancellationToken)
    {
        string blob = layout.BlobPath(file.Etag);
        if (File.Exists(blob) && new FileInfo(blob).Length == file.Size)
        {
            return; // blobs are only ever moved into place after verification
        }

        Directory.CreateDirectory(Path.GetDirectoryName(blob)!);
        string partial = blob + IncompleteSuffix;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await DownloadToAsync(layout, commit, file, partial, progress, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (Exception e) when (attempt < Math.Max(1, MaxAttemptsPerFile) && e is IOException or HttpRequestException)
            {
                // The partial file stays; the next attempt resumes from its end.
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                throw new HubException(
                    $"downloading '{file.Path}' of '{layout.RepoId}' failed after {attempt} attempt(s) ({e.Message}); " +
                    $"{new FileInfo(partial).Length} of {file.Size} bytes are kept in {partial} and the next download resumes from there.", e);
            }
        }

        Verify(file, partial, layout.RepoId);
        File.Move(partial, blob, overwrite: true);
    }

    private async Task DownloadToAsync(HubCacheLayout layout, string commit, HubFile file, string partial, Action<long>? progress, CancellationToken cancellationToken)
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

        using HttpResponseMessage response = await _api.GetFileAsync(layout.RepoId, commit, file, have, cancellationToken).ConfigureAwait(false);
        bool resumed = have > 0 && response.StatusCode == HttpStatusCode.PartialContent
            && response.Content.Headers.ContentRange?.From == have;
        await using var output = new FileStream(partial, resumed ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        long written = resumed ? have : 0;
        await using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        byte[] buffer = new byte[1 << 16];
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            written += read;
            progress?.Invoke(written);
        }

        if (written != file.Size)
        {
            throw new IOException($"the connection closed after {written} of {file.Size} bytes");
        }
    }

    private static void Verify(HubFile file, string partial, string repoId)
    {
        long length = new FileInfo(partial).Length;
        string actual;
        using (var incremental = IncrementalHash.CreateHash(file.IsLfs ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA1))
        {
            if (!file.IsLfs)
            {
                incremental.AppendData(Encoding.ASCII.GetBytes($"blob {length}\0")); // git blob id
            }

            using FileStream stream = File.OpenRead(partial);
            byte[] buffer = new byte[1 << 16];
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                incremental.AppendData(buffer, 0, read);
            }

            actual = Convert.ToHexStringLower(incremental.GetHashAndReset());
        }

        if (length != file.Size || actual != file.Etag)
        {
            File.Delete(partial);
            throw new HubException(
                $"'{file.Path}' of '{repoId}' failed verification: expected {file.Size} bytes with {(file.IsLfs ? "SHA-256" : "git SHA-1")} {file.Etag}, " +
                $"got {length} bytes with {actual}; the bad copy was deleted.");
        }
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Microsoft.ML.XlmRoberta.TestSupport;

/// <summary>
/// A Hugging Face hub stand-in on 127.0.0.1 that serves one folder as model repository <see cref="RepoId"/> the way the
/// hub does: <c>/api/models/{repo}/revision/{rev}?blobs=true</c> and <c>/{repo}/resolve/{rev}/{path}</c> with ranges.
/// Files over 1 MB are listed as Git LFS files (SHA-256), the others as git blobs (SHA-1). It can require a token,
/// cut a file's first transfer short, or corrupt a file, and it records every request. As a hostile hub it can also
/// rewrite the repository info, serve its own bytes for any path, send more bytes than a file is listed at, stall in
/// the middle of a file, and answer the next requests with error statuses (and <c>Retry-After</c>).
/// </summary>
public sealed class FakeHubServer : IDisposable
{
    private const long LfsThreshold = 1 << 20;
    private readonly HttpListener _listener = new();
    private readonly string _folder;
    private readonly ConcurrentDictionary<string, long> _interruptOnce = new();
    private readonly ConcurrentQueue<(int Status, string? RetryAfter, string? PathContains)> _failures = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private long _oversizeBytesSent;
    private IReadOnlyList<(string Path, byte[] Content)>? _ownFiles;

    /// <summary>Starts serving <paramref name="folder"/> as <paramref name="repoId"/>.</summary>
    public FakeHubServer(string folder, string repoId = "test-org/tiny-xlmr")
    {
        _folder = folder;
        RepoId = repoId;
        int port = FreePort();
        Endpoint = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Endpoint + "/");
        _listener.Start();
        Commit = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(folder + repoId)));
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The served repository id.</summary>
    public string RepoId { get; }

    /// <summary>Base address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Endpoint { get; }

    /// <summary>The commit every revision resolves to.</summary>
    public string Commit { get; }

    /// <summary>When set, requests without <c>Authorization: Bearer {token}</c> get 401.</summary>
    public string? RequiredToken { get; set; }

    /// <summary>Path of a file whose content is served with its first byte flipped.</summary>
    public string? CorruptPath { get; set; }

    /// <summary>Every request: path and query, the Range header if any, and when it arrived (UTC).</summary>
    public ConcurrentQueue<(string Url, string? Range, DateTime At)> Requests { get; } = new();

    /// <summary>Edits the repository info JSON before it is sent (bad commit ids, content ids, file names).</summary>
    public Action<JsonObject>? TamperListing { get; set; }


    /// <summary>Path of a file served as <see cref="OversizeBytes"/> bytes (its content, then zeros).</summary>
    public string? OversizePath { get; set; }

    /// <summary>How many bytes <see cref="OversizePath"/> is served as.</summary>
    public long OversizeBytes { get; set; } = 64L << 20;

    /// <summary>Whether the oversize transfer announces its length (Content-Length) or is sent chunked.</summary>
    public bool OversizeAnnounced { get; set; }

    /// <summary>Bytes of the oversize transfer written before it ended (the client may hang up early).</summary>
    public long OversizeBytesSent => Interlocked.Read(ref _oversizeBytesSent);

    /// <summary>Path of a file whose transfer sends its headers and half its content, then nothing until disposal.</summary>
    public string? StallPath { get; set; }

    /// <summary>
    /// The next request (whose path contains <paramref name="pathContains"/>, any when null) is answered with
    /// <paramref name="status"/> and, when given, a <c>Retry-After</c> header; calls queue up in order.
    /// </summary>
    public void FailNext(int status, string? retryAfter = null, string? pathContains = null) => _failures.Enqueue((status, retryAfter, pathContains));

    /// <summary>
    /// Lists exactly <paramref name="files"/> (as git blobs) instead of the folder, and serves each one for any request
    /// path ending in its name, whatever the revision part of the path says (as a hostile hub would).
    /// </summary>
    public void ServeFiles(params (string Path, byte[] Content)[] files) => _ownFiles = files;

    /// <summary>The git blob id (SHA-1 of <c>blob {length}\0</c> + content) the hub lists for a small file.</summary>
    public static string GitBlobId(byte[] content) =>
        Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {content.Length}\0"), .. content]));

    /// <summary>The next transfer of <paramref name="path"/> stops (connection aborted) after <paramref name="bytes"/> bytes.</summary>
    public void InterruptOnce(string path, long bytes) => _interruptOnce[path] = bytes;

    /// <inheritdoc />
    public void Dispose()
    {
        _stopping.Cancel();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => Handle(context));
        }
    }

    private void Handle(HttpListenerContext context)
    {
        string path = Uri.UnescapeDataString(context.Request.Url!.AbsolutePath);
        Requests.Enqueue((context.Request.Url.PathAndQuery, context.Request.Headers["Range"], DateTime.UtcNow));
        try
        {
            byte[]? own = path.StartsWith("/api/", StringComparison.Ordinal) ? null : OwnFile(path);
            if (_failures.TryPeek(out var failure) && (failure.PathContains is null || path.Contains(failure.PathContains, StringComparison.Ordinal))
                && _failures.TryDequeue(out failure))
            {
                if (failure.RetryAfter is not null)
                {
                    context.Response.Headers["Retry-After"] = failure.RetryAfter;
                }

                Respond(context, failure.Status, "{\"error\":\"injected failure\"}");
            }
            else if (own is not null)
            {
                Send(context, null, own, 0);
            }
            else if (RequiredToken is not null && context.Request.Headers["Authorization"] != "Bearer " + RequiredToken)
            {
                Respond(context, 401, "{\"error\":\"Invalid credentials\"}");
            }
            else if (path.StartsWith($"/api/models/{RepoId}/revision/", StringComparison.Ordinal))
            {
                Respond(context, 200, RepositoryJson());
            }
            else if (path.StartsWith($"/{RepoId}/resolve/{Commit}/", StringComparison.Ordinal))
            {
                ServeFile(context, path[$"/{RepoId}/resolve/{Commit}/".Length..]);
            }
            else
            {
                Respond(context, 404, "{\"error\":\"Repository not found\"}");
            }
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client went away.
        }
    }

    private string RepositoryJson()
    {
        if (TamperListing is null)
        {
            return ListingJson();
        }

        JsonObject listing = JsonNode.Parse(ListingJson())!.AsObject();
        TamperListing(listing);
        return listing.ToJsonString();
    }

    private byte[]? OwnFile(string requestPath)
    {
        byte[]? best = null;
        int bestLength = -1;
        foreach ((string path, byte[] content) in _ownFiles ?? [])
        {
            if (path.Length > bestLength && requestPath.EndsWith("/" + path, StringComparison.Ordinal))
            {
                (best, bestLength) = (content, path.Length);
            }
        }

        return best;
    }

    private string ListingJson()
    {
        var siblings = new List<object>();
        if (_ownFiles is not null)
        {
            foreach ((string path, byte[] content) in _ownFiles)
            {
                siblings.Add(new { rfilename = path, size = (long)content.Length, blobId = GitBlobId(content), lfs = (object?)null });
            }

            return JsonSerializer.Serialize(new { id = RepoId, sha = Commit, siblings });
        }

        foreach (string file in Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string relative = Path.GetRelativePath(_folder, file).Replace('\\', '/');
            byte[] content = File.ReadAllBytes(file);
            siblings.Add(content.Length > LfsThreshold
                ? new { rfilename = relative, size = content.Length, blobId = GitBlobId(Encoding.UTF8.GetBytes("pointer " + relative)), lfs = new { sha256 = Convert.ToHexStringLower(SHA256.HashData(content)), size = content.Length, pointerSize = 134 } }
                : new { rfilename = relative, size = (long)content.Length, blobId = GitBlobId(content), lfs = (object?)null });
        }

        return JsonSerializer.Serialize(new { id = RepoId, sha = Commit, siblings });
    }

    private void ServeFile(HttpListenerContext context, string relative)
    {
        string file = Path.GetFullPath(Path.Combine(_folder, relative));
        if (!file.StartsWith(Path.GetFullPath(_folder), StringComparison.Ordinal) || !File.Exists(file))
        {
            Respond(context, 404, "{\"error\":\"Entry not found\"}");
            return;
        }

        byte[] content = File.ReadAllBytes(file);
        if (relative == CorruptPath)
        {
            content[0] ^= 0xFF;
        }

        if (relative == OversizePath)
        {
            SendOversize(context, content);
            return;
        }

        long start = 0;
        string? range = context.Request.Headers["Range"];
        if (range is not null && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
        {
            start = long.Parse(range["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
            context.Response.StatusCode = 206;
            context.Response.Headers["Content-Range"] = $"bytes {start}-{content.Length - 1}/{content.Length}";
        }

        Send(context, relative, content, start);
    }

    private void Send(HttpListenerContext context, string? relative, byte[] content, long start)
    {
        context.Response.ContentLength64 = content.Length - start;
        if (relative is not null && relative == StallPath)
        {
            context.Response.OutputStream.Write(content, (int)start, (int)(content.Length - start) / 2);
            context.Response.OutputStream.Flush();
            _stopping.Token.WaitHandle.WaitOne();
            context.Response.Abort();
            return;
        }

        if (relative is not null && _interruptOnce.TryRemove(relative, out long cut))
        {
            context.Response.OutputStream.Write(content, (int)start, (int)Math.Min(cut, content.Length - start));
            context.Response.OutputStream.Flush();
            context.Response.Abort();
            return;
        }

        context.Response.OutputStream.Write(content, (int)start, (int)(content.Length - start));
        context.Response.Close();
    }

    private void SendOversize(HttpListenerContext context, byte[] content)
    {
        if (OversizeAnnounced)
        {
            context.Response.ContentLength64 = OversizeBytes;
        }
        else
        {
            context.Response.SendChunked = true;
        }

        byte[] chunk = new byte[1 << 16];
        content.AsSpan(0, Math.Min(content.Length, chunk.Length)).CopyTo(chunk);
        try
        {
            for (long sent = 0; sent < OversizeBytes && !_stopping.IsCancellationRequested;)
            {
                int n = (int)Math.Min(chunk.Length, OversizeBytes - sent);
                context.Response.OutputStream.Write(chunk, 0, n);
                sent += n;
                Interlocked.Add(ref _oversizeBytesSent, n);
                chunk.AsSpan().Clear();
            }

            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            context.Response.Abort();
        }
    }

    private static void Respond(HttpListenerContext context, int status, string json)
    {
        byte[] body = Encoding.UTF8.GetBytes(json);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = body.Length;
        context.Response.OutputStream.Write(body);
        context.Response.Close();
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Microsoft.ML.XlmRoberta.TestSupport;

/// <summary>
/// A Hugging Face hub stand-in on 127.0.0.1 that serves one folder as model repository <see cref="RepoId"/> the way the
/// hub does: <c>/api/models/{repo}/revision/{rev}?blobs=true</c> and <c>/{repo}/resolve/{rev}/{path}</c> with ranges.
/// Files over 1 MB are listed as Git LFS files (SHA-256), the others as git blobs (SHA-1). It can require a token,
/// cut a file's first transfer short, or corrupt a file, and it records every request.
/// </summary>
public sealed class FakeHubServer : IDisposable
{
    private const long LfsThreshold = 1 << 20;
    private readonly HttpListener _listener = new();
    private readonly string _folder;
    private readonly ConcurrentDictionary<string, long> _interruptOnce = new();
    private readonly Task _loop;

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

    /// <summary>Every request: path and query, plus the Range header if any.</summary>
    public ConcurrentQueue<(string Url, string? Range)> Requests { get; } = new();

    /// <summary>The next transfer of <paramref name="path"/> stops (connection aborted) after <paramref name="bytes"/> bytes.</summary>
    public void InterruptOnce(string path, long bytes) => _interruptOnce[path] = bytes;

    /// <inheritdoc />
    public void Dispose()
    {
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
        Requests.Enqueue((context.Request.Url.PathAndQuery, context.Request.Headers["Range"]));
        try
        {
            if (RequiredToken is not null && context.Request.Headers["Authorization"] != "Bearer " + RequiredToken)
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
        var siblings = new List<object>();
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

    private static string GitBlobId(byte[] content) =>
        Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {content.Length}\0"), .. content]));

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

        long start = 0;
        string? range = context.Request.Headers["Range"];
        if (range is not null && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
        {
            start = long.Parse(range["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
            context.Response.StatusCode = 206;
            context.Response.Headers["Content-Range"] = $"bytes {start}-{content.Length - 1}/{content.Length}";
        }

        context.Response.ContentLength64 = content.Length - start;
        if (_interruptOnce.TryRemove(relative, out long cut))
        {
            context.Response.OutputStream.Write(content, (int)start, (int)Math.Min(cut, content.Length - start));
            context.Response.OutputStream.Flush();
            context.Response.Abort();
            return;
        }

        context.Response.OutputStream.Write(content, (int)start, (int)(content.Length - start));
        context.Response.Close();
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

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Microsoft.ML.XlmRoberta.Hub;

/// <summary>The two hub endpoints a download needs: repository info at a revision, and file content by range.</summary>
internal sealed class HubApi
{
    private readonly HttpClient _http;
    private readonly HubSettings _settings;

    public HubApi(HttpClient http, HubSettings settings)
    {
        _http = http;
        _settings = settings;
    }

    /// <summary>The commit <paramref name="revision"/> points at, and its files with sizes and content ids.</summary>
    public async Task<(string Commit, IReadOnlyList<HubFile> Files)> GetRepositoryAsync(string repoId, string revision, CancellationToken cancellationToken)
    {
        string url = $"{_settings.Endpoint}/api/models/{repoId}/revision/{Uri.EscapeDataString(revision)}?blobs=true";
        using HttpResponseMessage response = await SendAsync(HttpMethod.Get, url, rangeStart: 0, repoId, revision, cancellationToken).ConfigureAwait(false);
        await using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using JsonDocument doc = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
            JsonElement root = doc.RootElement;
            string commit = root.GetProperty("sha").GetString() ?? throw new JsonException("\"sha\" is null");
            var files = new List<HubFile>();
            foreach (JsonElement sibling in root.GetProperty("siblings").EnumerateArray())
            {
                files.Add(ReadFile(sibling));
            }

            return (commit, files);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new HubException($"{url} did not return the hub's repository info ({e.Message}).", e);
        }
    }

    /// <summary>Opens the content of <paramref name="file"/> from byte <paramref name="rangeStart"/> on.</summary>
    public Task<HttpResponseMessage> GetFileAsync(string repoId, string commit, HubFile file, long rangeStart, CancellationToken cancellationToken)
    {
        string path = string.Join('/', file.Path.Split('/').Select(Uri.EscapeDataString));
        return SendAsync(HttpMethod.Get, $"{_settings.Endpoint}/{repoId}/resolve/{commit}/{path}", rangeStart, repoId, commit, cancellationToken);
    }

    private static HubFile ReadFile(JsonElement sibling)
    {
        string path = sibling.GetProperty("rfilename").GetString()!;
        if (sibling.TryGetProperty("lfs", out JsonElement lfs) && lfs.ValueKind == JsonValueKind.Object)
        {
            return new HubFile(path, lfs.GetProperty("size").GetInt64(), lfs.GetProperty("sha256").GetString()!.ToLowerInvariant(), IsLfs: true);
        }

        return new HubFile(path, sibling.GetProperty("size").GetInt64(), sibling.GetProperty("blobId").GetString()!.ToLowerInvariant(), IsLfs: false);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, long rangeStart, string repoId, string revision, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url);
        if (_settings.Token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _settings.Token);
        }

        if (rangeStart > 0)
        {
            request.Headers.Range = new RangeHeaderValue(rangeStart, null);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new HubException($"cannot reach {_settings.Endpoint} ({e.Message}); use offline mode to load '{repoId}' from the cache.", e);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        HttpStatusCode status = response.StatusCode;
        response.Dispose();
        throw status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new HubException(
                $"access to '{repoId}' was refused ({(int)status}): the repository may be gated or private; set HF_TOKEN to a token that can read it."),
            HttpStatusCode.NotFound => new HubException($"'{repoId}' at revision '{revision}' was not found on {_settings.Endpoint} ({url})."),
            _ => new HubException($"{url} answered {(int)status} {status}."),
        };
    }
}

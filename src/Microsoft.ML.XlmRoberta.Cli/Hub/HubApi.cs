using System.Net;
using System.Net.Http.Headers;

namespace Microsoft.ML.XlmRoberta.Cli.Hub;

/// <summary>
/// The two hub endpoints a download needs: repository info at a revision (checked by <see cref="HubListing"/>), and file
/// content by range. Answers worth retrying (5xx, 429) throw <see cref="HubRetryableException"/>; other errors throw
/// <see cref="HubException"/>.
/// </summary>
internal sealed class HubApi
{
    /// <summary>The largest repository info read (a listing of many thousand files is a few MB).</summary>
    private const int MaxListingBytes = 64 << 20;
    private readonly HttpClient _http;
    private readonly HubSettings _settings;
    private readonly HubRetryPolicy _retry;

    public HubApi(HttpClient http, HubSettings settings, HubRetryPolicy retry)
    {
        _http = http;
        _settings = settings;
        _retry = retry;
    }

    /// <summary>The commit <paramref name="revision"/> points at, and its files with sizes and content ids.</summary>
    public Task<(string Commit, List<HubFile> Files)> GetRepositoryAsync(string repoId, string revision, CancellationToken cancellationToken)
    {
        string url = $"{_settings.Endpoint}/api/models/{repoId}/revision/{Uri.EscapeDataString(revision)}?blobs=true";
        return _retry.RunAsync(
            async idle =>
            {
                using HttpResponseMessage response = await SendAsync(url, rangeStart: 0, repoId, revision, idle).ConfigureAwait(false);
                byte[] body = await ReadListingAsync(response, url, idle).ConfigureAwait(false);
                return HubListing.Parse(body, url);
            },
            (reason, attempts, e) => new HubException(
                $"cannot read '{repoId}' at '{revision}' from {_settings.Endpoint} after {attempts} attempt(s) ({reason}); use offline mode to load it from the cache.", e),
            cancellationToken);
    }

    /// <summary>Opens the content of <paramref name="file"/> from byte <paramref name="rangeStart"/> on.</summary>
    public Task<HttpResponseMessage> GetFileAsync(string repoId, string commit, HubFile file, long rangeStart, IdleTimeout idle)
    {
        string path = string.Join('/', file.Path.Split('/').Select(Uri.EscapeDataString));
        return SendAsync($"{_settings.Endpoint}/{repoId}/resolve/{commit}/{path}", rangeStart, repoId, commit, idle);
    }

    private static async Task<byte[]> ReadListingAsync(HttpResponseMessage response, string url, IdleTimeout idle)
    {
        if (response.Content.Headers.ContentLength > MaxListingBytes)
        {
            throw new HubException($"{url} announced {response.Content.Headers.ContentLength} bytes of repository info, more than the {MaxListingBytes} accepted.");
        }

        await using Stream body = await response.Content.ReadAsStreamAsync(idle.Token).ConfigureAwait(false);
        using var content = new MemoryStream();
        byte[] buffer = new byte[1 << 16];
        int read;
        while ((read = await body.ReadAsync(buffer, idle.Token).ConfigureAwait(false)) > 0)
        {
            idle.Restart();
            if (content.Length + read > MaxListingBytes)
            {
                throw new HubException($"{url} sent more than {MaxListingBytes} bytes of repository info.");
            }

            content.Write(buffer, 0, read);
        }

        return content.ToArray();
    }

    private async Task<HttpResponseMessage> SendAsync(string url, long rangeStart, string repoId, string revision, IdleTimeout idle)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (_settings.Token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _settings.Token);
        }

        if (rangeStart > 0)
        {
            request.Headers.Range = new RangeHeaderValue(rangeStart, null);
        }

        HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, idle.Token).ConfigureAwait(false);
        idle.Restart();
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        HttpStatusCode status = response.StatusCode;
        TimeSpan? retryAfter = RetryAfter(response.Headers.RetryAfter);
        response.Dispose();
        string answered = $"{url} answered {(int)status} {status}";
        throw status switch
        {
            HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError => new HubRetryableException(answered, retryAfter),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new HubException(
                $"access to '{repoId}' was refused ({(int)status}): the repository may be gated or private; set HF_TOKEN to a token that can read it."),
            HttpStatusCode.NotFound => new HubException($"'{repoId}' at revision {ServerText.Quote(revision)} was not found on {_settings.Endpoint} ({url} answered 404)."),
            _ => new HubException(answered + "."),
        };
    }

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header)
    {
        if (header?.Delta is TimeSpan delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is DateTimeOffset date)
        {
            TimeSpan wait = date - DateTimeOffset.UtcNow;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}

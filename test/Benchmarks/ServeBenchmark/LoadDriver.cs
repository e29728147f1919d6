using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Microsoft.ML.XlmRoberta.Benchmarks.Serve;

/// <summary>One load level's outcome: answers by status, throughput of 200s and latency percentiles.</summary>
internal sealed record LoadResult(int Clients, int Sent, int Ok, int Rejected, int ServerErrors, int Other, int Failed, double Seconds, double P50Ms, double P99Ms)
{
    public double Throughput => Ok / Seconds;

    /// <summary>Requests that got no HTTP answer at all (connection errors, timeouts).</summary>
    public int Lost => Sent - Ok - Rejected - ServerErrors - Other;
}

/// <summary>
/// Closed-loop clients: each sends one single-text <c>/v1/embeddings</c> request at a time, texts taken in turn,
/// until the request budget or the time limit is used up.
/// </summary>
internal static class LoadDriver
{
    public static async Task<LoadResult> RunAsync(Uri server, string[] texts, int clients, int maxRequests, TimeSpan maxDuration, TimeSpan? backoffOn429 = null)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients + 8, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = server,
            Timeout = TimeSpan.FromMinutes(2),
        };
        int next = -1;
        int sent = 0, ok = 0, rejected = 0, serverErrors = 0, other = 0, failed = 0;
        var latencies = new List<double>[clients];
        var clock = Stopwatch.StartNew();
        var deadline = clock.Elapsed + maxDuration;

        async Task Client(int client)
        {
            var mine = latencies[client] = new List<double>();
            while (clock.Elapsed < deadline)
            {
                int n = Interlocked.Increment(ref next);
                if (n >= maxRequests)
                {
                    return;
                }

                Interlocked.Increment(ref sent);
                long start = Stopwatch.GetTimestamp();
                try
                {
                    using HttpResponseMessage response = await http.PostAsJsonAsync("v1/embeddings", new { input = texts[n % texts.Length], model = "bench" });
                    await response.Content.ReadAsByteArrayAsync();
                    int status = (int)response.StatusCode;
                    if (status == 200)
                    {
                        Interlocked.Increment(ref ok);
                        mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    }
                    else if (status == 429)
                    {
                        Interlocked.Increment(ref rejected);
                        if (backoffOn429 is { } wait)
                        {
                            await Task.Delay(wait);
                        }
                    }
                    else if (status >= 500)
                    {
                        Interlocked.Increment(ref serverErrors);
                    }
                    else
                    {
                        Interlocked.Increment(ref other);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(() => Client(c))));
        clock.Stop();
        double[] all = [.. latencies.SelectMany(l => l).Order()];
        return new LoadResult(clients, sent, ok, rejected, serverErrors, other, failed, clock.Elapsed.TotalSeconds, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    /// <summary>The server's vectors for <paramref name="texts"/>, one request each.</summary>
    public static async Task<float[][]> EmbedAsync(Uri server, IEnumerable<string> texts)
    {
        using var http = new HttpClient { BaseAddress = server };
        var vectors = new List<float[]>();
        foreach (string text in texts)
        {
            using HttpResponseMessage response = await http.PostAsJsonAsync("v1/embeddings", new { input = text, model = "bench" });
            response.EnsureSuccessStatusCode();
            using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            vectors.Add([.. body.RootElement.GetProperty("data")[0].GetProperty("embedding").EnumerateArray().Select(e => e.GetSingle())]);
        }

        return [.. vectors];
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

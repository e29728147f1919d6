using System.Globalization;

namespace Microsoft.ML.XlmRoberta.Cli.Hub;

/// <summary>
/// Runs one hub request with retries: each attempt gets its own <see cref="IdleTimeout"/>; timeouts, connection
/// failures, 5xx and 429 answers are retried after an exponential backoff (or the server's <c>Retry-After</c>, up to
/// <see cref="HubSettings.MaxRetryDelay"/>); anything else (a <see cref="HubException"/>: 4xx, a bad listing, a failed
/// check) fails at once.
/// </summary>
internal sealed class HubRetryPolicy
{
    private readonly HubSettings _settings;

    public HubRetryPolicy(HubSettings settings, int maxAttempts)
    {
        _settings = settings;
        MaxAttempts = Math.Max(1, maxAttempts);
    }

    public int MaxAttempts { get; }

    /// <summary>
    /// Runs <paramref name="attempt"/> until it succeeds; when it cannot, throws what <paramref name="giveUp"/> makes of
    /// the last failure's one-line reason, the number of attempts and the exception.
    /// </summary>
    public async Task<T> RunAsync<T>(
        Func<IdleTimeout, Task<T>> attempt, Func<string, int, Exception, HubException> giveUp, CancellationToken cancellationToken)
    {
        for (int n = 1; ; n++)
        {
            Exception failure;
            string reason;
            TimeSpan? retryAfter = null;
            using (var idle = new IdleTimeout(_settings.ConnectTimeout + _settings.ReadTimeout, _settings.ReadTimeout, cancellationToken))
            {
                try
                {
                    return await attempt(idle).ConfigureAwait(false);
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    (failure, reason) = (e, $"no data from the hub within {Seconds(_settings.ReadTimeout)} s");
                }
                catch (HubRetryableException e)
                {
                    (failure, reason, retryAfter) = (e, e.Message, e.RetryAfter);
                }
                catch (Exception e) when (e is IOException or HttpRequestException)
                {
                    (failure, reason) = (e, e.Message);
                }
            }

            if (retryAfter > _settings.MaxRetryDelay)
            {
                throw giveUp($"{reason}; it asks to retry after {Seconds(retryAfter.Value)} s, beyond the {Seconds(_settings.MaxRetryDelay)} s limit", n, failure);
            }

            if (n >= MaxAttempts)
            {
                throw giveUp(reason, n, failure);
            }

            await Task.Delay(retryAfter ?? Backoff(n), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>RetryDelay, twice that, four times that ... up to MaxRetryDelay.</summary>
    private TimeSpan Backoff(int attempt)
    {
        double factor = Math.Pow(2, Math.Min(attempt - 1, 30));
        return TimeSpan.FromTicks((long)Math.Min(_settings.MaxRetryDelay.Ticks, _settings.RetryDelay.Ticks * factor));
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}

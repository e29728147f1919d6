namespace Microsoft.ML.XlmRoberta.Cli.Hub;

/// <summary>
/// Where the Hugging Face hub is and where its cache lives, read from the same environment variables as
/// <c>huggingface_hub</c>: <c>HF_ENDPOINT</c>, <c>HF_TOKEN</c>, <c>HF_HUB_CACHE</c> / <c>HF_HOME</c>, <c>HF_HUB_OFFLINE</c>,
/// <c>HF_HUB_DOWNLOAD_TIMEOUT</c>; and how long to wait for it and how to retry.
/// </summary>
public sealed record HubSettings
{
    /// <summary>The public hub.</summary>
    public const string DefaultEndpoint = "https://huggingface.co";

    /// <summary>Base address of the hub (no trailing slash).</summary>
    public string Endpoint { get; init; } = DefaultEndpoint;

    /// <summary>Access token for gated or private repositories, sent as a bearer token; null for none.</summary>
    public string? Token { get; init; }

    /// <summary>The hub cache folder (the one holding <c>models--org--name</c> folders).</summary>
    public string CacheDirectory { get; init; } = DefaultCacheDirectory(Environment.GetEnvironmentVariable);

    /// <summary>Never touch the network; resolve from the cache only.</summary>
    public bool Offline { get; init; }

    /// <summary>How long to wait for a connection to the hub to open.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a request may go without any progress: no answer after it was sent, or no byte of a body for this long,
    /// fails the attempt (which is then retried).
    /// </summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait before the first retry; it doubles with each further retry, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest wait before a retry; a server whose <c>Retry-After</c> asks for longer fails the download at once.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Settings from the process environment.</summary>
    public static HubSettings FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    /// <summary>Settings from an environment lookup (injectable for tests).</summary>
    public static HubSettings FromEnvironment(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        string? endpoint = getVariable("HF_ENDPOINT");
        string? token = getVariable("HF_TOKEN");
        string? offline = getVariable("HF_HUB_OFFLINE");
        var defaults = new HubSettings();
        TimeSpan? timeout = ParseTimeout(getVariable("HF_HUB_DOWNLOAD_TIMEOUT"));
        return new HubSettings
        {
            ConnectTimeout = timeout ?? defaults.ConnectTimeout,
            ReadTimeout = timeout ?? defaults.ReadTimeout,
            Endpoint = string.IsNullOrWhiteSpace(endpoint) ? DefaultEndpoint : endpoint.TrimEnd('/'),
            Token = string.IsNullOrWhiteSpace(token) ? null : token.Trim(),
            CacheDirectory = DefaultCacheDirectory(getVariable),
            Offline = offline is "1" or "true" or "TRUE" or "True" or "yes" or "ON" or "on",
        };
    }

    /// <summary>Checks that the timeouts and delays are positive (a zero retry delay is allowed).</summary>
    /// <exception cref="ArgumentOutOfRangeException">One of them is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConnectTimeout, TimeSpan.Zero, nameof(ConnectTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReadTimeout, TimeSpan.Zero, nameof(ReadTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryDelay, TimeSpan.Zero, nameof(RetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryDelay, RetryDelay, nameof(MaxRetryDelay));
    }

    /// <summary><c>HF_HUB_DOWNLOAD_TIMEOUT</c>: seconds, as <c>huggingface_hub</c> reads it (fractions allowed here).</summary>
    private static TimeSpan? ParseTimeout(string? seconds)
    {
        if (string.IsNullOrWhiteSpace(seconds))
        {
            return null;
        }

        return double.TryParse(seconds, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double value)
            && value > 0 && value <= TimeSpan.MaxValue.TotalSeconds / 4
            ? TimeSpan.FromSeconds(value)
            : throw new ArgumentException($"HF_HUB_DOWNLOAD_TIMEOUT={ServerText.Quote(seconds)} is not a positive number of seconds.");
    }

    private static string DefaultCacheDirectory(Func<string, string?> getVariable)
    {
        string? hubCache = getVariable("HF_HUB_CACHE");
        if (!string.IsNullOrWhiteSpace(hubCache))
        {
            return hubCache;
        }

        string? home = getVariable("HF_HOME");
        if (!string.IsNullOrWhiteSpace(home))
        {
            return Path.Combine(home, "hub");
        }

        string? xdg = getVariable("XDG_CACHE_HOME");
        string cacheRoot = string.IsNullOrWhiteSpace(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache")
            : xdg;
        return Path.Combine(cacheRoot, "huggingface", "hub");
    }
}

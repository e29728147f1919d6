namespace Microsoft.ML.XlmRoberta.Hub;

/// <summary>
/// Where the Hugging Face hub is and where its cache lives, read from the same environment variables as
/// <c>huggingface_hub</c>: <c>HF_ENDPOINT</c>, <c>HF_TOKEN</c>, <c>HF_HUB_CACHE</c> / <c>HF_HOME</c>, <c>HF_HUB_OFFLINE</c>.
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

    /// <summary>Settings from the process environment.</summary>
    public static HubSettings FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    /// <summary>Settings from an environment lookup (injectable for tests).</summary>
    public static HubSettings FromEnvironment(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        string? endpoint = getVariable("HF_ENDPOINT");
        string? token = getVariable("HF_TOKEN");
        string? offline = getVariable("HF_HUB_OFFLINE");
        return new HubSettings
        {
            Endpoint = string.IsNullOrWhiteSpace(endpoint) ? DefaultEndpoint : endpoint.TrimEnd('/'),
            Token = string.IsNullOrWhiteSpace(token) ? null : token.Trim(),
            CacheDirectory = DefaultCacheDirectory(getVariable),
            Offline = offline is "1" or "true" or "TRUE" or "True" or "yes" or "ON" or "on",
        };
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

namespace Microsoft.ML.XlmRoberta.Cli.Hub;

/// <summary>The hub answered with a status worth retrying (5xx, 429), possibly with a <c>Retry-After</c>.</summary>
internal sealed class HubRetryableException : Exception
{
    public HubRetryableException(string message, TimeSpan? retryAfter)
        : base(message)
    {
        RetryAfter = retryAfter;
    }

    public TimeSpan? RetryAfter { get; }
}

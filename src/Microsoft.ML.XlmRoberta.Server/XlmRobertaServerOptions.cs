namespace Microsoft.ML.XlmRoberta.Server;

/// <summary>Where <c>xlmr serve</c> listens, its request limits and how it batches work across requests.</summary>
public sealed class XlmRobertaServerOptions
{
    /// <summary>The address to bind (default 127.0.0.1: reachable from this machine only).</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The TCP port; 0 picks a free one (see <see cref="XlmRobertaServer.BoundAddresses"/>).</summary>
    public int Port { get; init; } = 8080;

    /// <summary>The name reported as the model (OpenAI's <c>model</c>, TEI's <c>model_id</c>); default the folder's name.</summary>
    public string? ModelId { get; init; }

    /// <summary>The most inputs (texts, pairs or token-id lists) one request may carry.</summary>
    public int MaxInputsPerRequest { get; init; } = 256;

    /// <summary>The most UTF-16 characters one input text may have.</summary>
    public int MaxCharactersPerInput { get; init; } = 65536;

    /// <summary>The largest request body, in bytes (larger bodies are answered 413).</summary>
    public long MaxRequestBodyBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// The most inputs waiting or running at once, over all requests; a request that would exceed it is answered
    /// 429 with <c>Retry-After</c>. At least <see cref="MaxInputsPerRequest"/>.
    /// </summary>
    public int QueueCapacity { get; init; } = 1024;

    /// <summary>
    /// The most tokens handed to the library in one call (across requests); the library sorts them by length and
    /// cuts them into its own batches (<c>MaxBatchSize</c>, <c>MaxTokensPerBatch</c>). One input is always taken.
    /// </summary>
    public int MaxBatchTokens { get; init; } = 16384;

    /// <summary>The most inputs handed to the library in one call (across requests).</summary>
    public int MaxBatchInputs { get; init; } = 256;

    /// <summary>
    /// How long a batch under budget keeps taking requests, counted from its first request. Zero batches whatever is
    /// queued when the model is free (more requests still queue up while a batch runs).
    /// </summary>
    public TimeSpan MaxBatchWait { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>How long a stop (SIGTERM, SIGINT) waits for requests in flight before the process exits anyway.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The seconds a 429 answer asks the client to wait (<c>Retry-After</c>).</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>Checks the values; throws <see cref="ArgumentOutOfRangeException"/> naming the first bad one.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Host);
        Require(Port is >= 0 and <= 65535, nameof(Port), Port, "0..65535");
        Require(MaxInputsPerRequest >= 1, nameof(MaxInputsPerRequest), MaxInputsPerRequest, "at least 1");
        Require(MaxCharactersPerInput >= 1, nameof(MaxCharactersPerInput), MaxCharactersPerInput, "at least 1");
        Require(MaxRequestBodyBytes >= 1024, nameof(MaxRequestBodyBytes), MaxRequestBodyBytes, "at least 1024");
        Require(QueueCapacity >= MaxInputsPerRequest, nameof(QueueCapacity), QueueCapacity, $"at least MaxInputsPerRequest ({MaxInputsPerRequest})");
        Require(MaxBatchTokens >= 1, nameof(MaxBatchTokens), MaxBatchTokens, "at least 1");
        Require(MaxBatchInputs >= 1, nameof(MaxBatchInputs), MaxBatchInputs, "at least 1");
        Require(MaxBatchWait >= TimeSpan.Zero && MaxBatchWait <= TimeSpan.FromSeconds(10), nameof(MaxBatchWait), MaxBatchWait, "0..10 s");
        Require(DrainTimeout >= TimeSpan.Zero, nameof(DrainTimeout), DrainTimeout, "not negative");
        Require(RetryAfterSeconds >= 1, nameof(RetryAfterSeconds), RetryAfterSeconds, "at least 1");
    }

    private static void Require(bool condition, string name, object value, string range)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be {range}, not {value}.");
        }
    }
}

namespace Microsoft.ML.XlmRoberta.Cli.Hub;

/// <summary>
/// A cancellation token that fires when no progress was made for a while: first within <c>first</c> (connect, send,
/// wait for the headers), then within <c>idle</c> of each <see cref="Restart"/> (each chunk of a body that arrived).
/// </summary>
internal sealed class IdleTimeout : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly TimeSpan _idle;

    public IdleTimeout(TimeSpan first, TimeSpan idle, CancellationToken cancellationToken)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _idle = idle;
        Caller = cancellationToken;
        _source.CancelAfter(first);
    }

    /// <summary>The token for every network call of one request.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>The caller's own token (its cancellation is not a timeout).</summary>
    public CancellationToken Caller { get; }

    /// <summary>Progress was made: the next <c>idle</c> span starts now.</summary>
    public void Restart() => _source.CancelAfter(_idle);

    /// <inheritdoc />
    public void Dispose() => _source.Dispose();
}

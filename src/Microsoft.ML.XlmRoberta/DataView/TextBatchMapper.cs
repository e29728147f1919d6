namespace Microsoft.ML.XlmRoberta.DataView;

/// <summary>
/// What an XLM-R transform computes: a batch of texts (and pairs) to the values of its output roles. It owns the
/// model it runs and releases it on <see cref="Dispose"/>, after the computations in flight; later calls throw
/// <see cref="ObjectDisposedException"/>. <see cref="Compute"/> is thread-safe.
/// </summary>
internal abstract class TextBatchMapper : IDisposable
{
    private readonly DisposalGuard _guard;

    /// <param name="outputs">Every output role, in role order.</param>
    /// <param name="owner">The transformer's name, for <see cref="ObjectDisposedException"/>.</param>
    protected TextBatchMapper(IReadOnlyList<OutputColumn> outputs, string owner)
    {
        Outputs = outputs;
        _guard = new DisposalGuard(owner);
    }

    /// <summary>Every output role, in role order (left-out roles have no name).</summary>
    public IReadOnlyList<OutputColumn> Outputs { get; }

    /// <summary>Throws <see cref="ObjectDisposedException"/> once disposed.</summary>
    public void ThrowIfDisposed() => _guard.ThrowIfClosed();

    /// <summary>Computes rows <c>0..count-1</c> of the active roles into <paramref name="values"/>.</summary>
    /// <param name="texts">The texts (missing text is the empty string).</param>
    /// <param name="pairs">The second texts of pairs, or null.</param>
    /// <param name="count">The rows in this batch.</param>
    /// <param name="active">Per role, whether it is wanted.</param>
    /// <param name="values">Where the values go (owned by the caller).</param>
    /// <param name="pairLists">For a transform whose pair column is a vector of texts, those texts per row (and <paramref name="pairs"/> null).</param>
    /// <exception cref="ObjectDisposedException">The mapper was disposed.</exception>
    public void Compute(string[] texts, string[]? pairs, int count, bool[] active, BatchValues values, string[][]? pairLists = null)
    {
        _guard.Enter();
        try
        {
            if (count > 0 && Array.IndexOf(active, true) >= 0)
            {
                if (pairLists is not null)
                {
                    ComputeCore(texts, pairLists, count, active, values);
                }
                else
                {
                    ComputeCore(texts, pairs, count, active, values);
                }
            }
        }
        finally
        {
            _guard.Exit();
        }
    }

    /// <summary>Waits for the computations in flight, then releases the model.</summary>
    public void Dispose()
    {
        if (_guard.Close())
        {
            Release();
        }
    }

    /// <summary>The computation, called with at least one row and one active role.</summary>
    protected abstract void ComputeCore(string[] texts, string[]? pairs, int count, bool[] active, BatchValues values);

    /// <summary>The computation for a pair column that is a vector of texts (only transforms bound so override it).</summary>
    protected virtual void ComputeCore(string[] texts, string[][] pairLists, int count, bool[] active, BatchValues values) =>
        throw new NotSupportedException("This XLM-R transform reads one text per pair, not a list.");

    /// <summary>Releases the model (called once, when no computation runs).</summary>
    protected abstract void Release();
}

namespace Microsoft.ML.XlmRoberta.Encoder;

/// <summary>
/// A reader/writer style guard for an object that frees a native handle on dispose: calls enter and exit (one
/// interlocked add each, no lock), and dispose marks the object disposed, then waits until every call that entered
/// before has exited. A call that enters after the mark throws <see cref="ObjectDisposedException"/> without touching
/// the handle, so the handle is never used after it is freed.
/// </summary>
internal sealed class InFlightGuard
{
    // Bit 30 is the disposed mark; the bits below count the calls inside.
    private const int DisposedBit = 1 << 30;
    private const int CountMask = DisposedBit - 1;
    private int _state;

    public bool IsDisposed => (Volatile.Read(ref _state) & DisposedBit) != 0;

    /// <summary>Enters a call; pair with <see cref="Exit"/> in a <c>finally</c>.</summary>
    /// <exception cref="ObjectDisposedException">The owner is disposed (or being disposed).</exception>
    public void Enter(object owner)
    {
        if ((Interlocked.Increment(ref _state) & DisposedBit) != 0)
        {
            Interlocked.Decrement(ref _state);
            throw new ObjectDisposedException(owner.GetType().FullName);
        }
    }

    public void Exit() => Interlocked.Decrement(ref _state);

    /// <summary>
    /// Marks the owner disposed and waits until no call is inside. Returns true to the first caller only, which then
    /// frees the native handle; later callers still wait, so every Dispose returns after the calls have drained.
    /// </summary>
    public bool DisposeAndWait()
    {
        bool first = (Interlocked.Or(ref _state, DisposedBit) & DisposedBit) == 0;
        var spin = default(SpinWait);
        while ((Volatile.Read(ref _state) & CountMask) != 0)
        {
            spin.SpinOnce(sleep1Threshold: 20);
        }

        return first;
    }
}

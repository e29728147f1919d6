namespace Microsoft.ML.XlmRoberta.Server.Batching;

/// <summary>
/// The inputs admitted and not yet answered, over every batcher of the server (they share one model, so one bound):
/// admission takes room for a whole request or none.
/// </summary>
internal sealed class AdmissionCounter(int capacity)
{
    private int _pending;

    public int Capacity { get; } = capacity;

    public int Pending => Volatile.Read(ref _pending);

    /// <summary>Takes room for <paramref name="count"/> inputs; false when that would exceed the capacity.</summary>
    public bool TryTake(int count)
    {
        int current = Volatile.Read(ref _pending);
        while (true)
        {
            if (current + count > Capacity)
            {
                return false;
            }

            int seen = Interlocked.CompareExchange(ref _pending, current + count, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }
    }

    public void Release(int count) => Interlocked.Add(ref _pending, -count);
}

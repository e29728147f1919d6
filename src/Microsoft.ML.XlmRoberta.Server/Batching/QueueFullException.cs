namespace Microsoft.ML.XlmRoberta.Server.Batching;

/// <summary>The batching queue holds its capacity of inputs; the request is answered 429 with <c>Retry-After</c>.</summary>
internal sealed class QueueFullException(int capacity) : Exception($"The server is overloaded: its queue holds {capacity} inputs. Retry later.")
{
    public int Capacity { get; } = capacity;
}

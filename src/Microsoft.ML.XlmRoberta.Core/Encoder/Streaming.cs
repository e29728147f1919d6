namespace Microsoft.ML.XlmRoberta.Encoder;

/// <summary>Chunked, lazy, order-preserving processing of an unbounded input sequence.</summary>
internal static class Streaming
{
    public static IEnumerable<TResult> Chunked<TInput, TResult>(
        IEnumerable<TInput> inputs, int chunkSize, Func<IReadOnlyList<TInput>, CancellationToken, TResult[]> process,
        CancellationToken cancellationToken)
    {
        var chunk = new List<TInput>(chunkSize);
        foreach (TInput input in inputs)
        {
            chunk.Add(input);
            if (chunk.Count == chunkSize)
            {
                TResult[] results = process(chunk, cancellationToken);
                chunk.Clear();
                foreach (TResult result in results)
                {
                    yield return result;
                }
            }
        }

        if (chunk.Count > 0)
        {
            foreach (TResult result in process(chunk, cancellationToken))
            {
                yield return result;
            }
        }
    }
}

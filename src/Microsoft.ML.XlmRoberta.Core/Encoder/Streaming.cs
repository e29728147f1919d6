using System.Runtime.InteropServices;

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

    /// <summary>
    /// Like <see cref="Chunked"/>, reading up to <paramref name="readAhead"/> inputs beyond the chunk it returns next:
    /// each chunk runs with the read-ahead inputs that share its batches in the cheapest plan of all
    /// (<see cref="BatchPlanner.PlanAhead"/>), and their results wait for their own chunk. <c>plannedLength</c> gives an
    /// input's length as it will run, below 1 when unknown: such an input runs only in its own chunk, where
    /// <c>process</c> reports its problem in order.
    /// </summary>
    public static IEnumerable<TResult> ReadAhead<TInput, TResult>(
        IEnumerable<TInput> inputs, int chunkSize, int readAhead, Func<TInput, int> plannedLength, int maxBatchSize, int maxTokensPerBatch,
        Func<IReadOnlyList<TInput>, CancellationToken, TResult[]> process, CancellationToken cancellationToken)
    {
        if (readAhead == 0)
        {
            return Chunked(inputs, chunkSize, process, cancellationToken);
        }

        return ReadAheadCore(inputs, chunkSize, readAhead, plannedLength, maxBatchSize, maxTokensPerBatch, process, cancellationToken);
    }

    private static IEnumerable<TResult> ReadAheadCore<TInput, TResult>(
        IEnumerable<TInput> inputs, int chunkSize, int readAhead, Func<TInput, int> plannedLength, int maxBatchSize, int maxTokensPerBatch,
        Func<IReadOnlyList<TInput>, CancellationToken, TResult[]> process, CancellationToken cancellationToken)
    {
        // The inputs read and not yet returned, in order, with their lengths and (once run) their results.
        var queued = new List<TInput>();
        var lengths = new List<int>();
        var results = new List<TResult>();
        var done = new List<bool>();
        var waiting = new List<int>();
        var waitingLengths = new List<int>();
        using IEnumerator<TInput> source = inputs.GetEnumerator();
        bool ended = false;
        while (true)
        {
            while (!ended && queued.Count < chunkSize + readAhead)
            {
                if (!source.MoveNext())
                {
                    ended = true;
                    break;
                }

                queued.Add(source.Current);
                lengths.Add(plannedLength(source.Current));
                results.Add(default!);
                done.Add(false);
            }

            if (queued.Count == 0)
            {
                yield break;
            }

            int due = Math.Min(chunkSize, queued.Count);
            waiting.Clear();
            waitingLengths.Clear();
            int dueWaiting = 0;
            for (int i = 0; i < queued.Count; i++)
            {
                if (!done[i])
                {
                    waiting.Add(i);
                    waitingLengths.Add(lengths[i]);
                    dueWaiting += i < due ? 1 : 0;
                }
            }

            if (dueWaiting > 0)
            {
                int[] run = BatchPlanner.PlanAhead(CollectionsMarshal.AsSpan(waitingLengths), dueWaiting, maxBatchSize, maxTokensPerBatch);
                var batch = new TInput[run.Length];
                for (int k = 0; k < run.Length; k++)
                {
                    batch[k] = queued[waiting[run[k]]];
                }

                TResult[] computed = process(batch, cancellationToken);
                for (int k = 0; k < run.Length; k++)
                {
                    results[waiting[run[k]]] = computed[k];
                    done[waiting[run[k]]] = true;
                }
            }

            for (int i = 0; i < due; i++)
            {
                yield return results[i];
            }

            queued.RemoveRange(0, due);
            lengths.RemoveRange(0, due);
            results.RemoveRange(0, due);
            done.RemoveRange(0, due);
        }
    }
}

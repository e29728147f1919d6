namespace Microsoft.ML.XlmRoberta.Encoder;

/// <summary>One planned ONNX Runtime call: which sequences go together and the length they are padded to.</summary>
/// <param name="Rows">Indices into the planned list, shortest first.</param>
/// <param name="SequenceLength">The padded length (the longest row).</param>
public readonly record struct BatchPlan(int[] Rows, int SequenceLength);

/// <summary>
/// Groups sequences into batches that waste little padding: sort by length, then fill each batch until it would
/// exceed the maximum batch size or the token budget (rows × padded length).
/// </summary>
public static class BatchPlanner
{
    /// <summary>Plans the batches for sequences of the given lengths.</summary>
    /// <param name="lengths">The length of every sequence (at least 1).</param>
    /// <param name="maxBatchSize">The most rows per batch.</param>
    /// <param name="maxTokensPerBatch">The most padded tokens per batch; a longer single row still gets a batch.</param>
    /// <returns>Batches in order of increasing length; every index appears exactly once.</returns>
    public static IReadOnlyList<BatchPlan> Plan(ReadOnlySpan<int> lengths, int maxBatchSize, int maxTokensPerBatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokensPerBatch, 1);
        int n = lengths.Length;
        var order = new int[n];
        var keys = new long[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
            // Length first, then the original index: a stable, deterministic order.
            keys[i] = ((long)lengths[i] << 32) | (uint)i;
        }

        Array.Sort(keys, order);
        var plans = new List<BatchPlan>();
        int start = 0;
        while (start < n)
        {
            int end = start + 1;
            while (end < n && end - start < maxBatchSize && (long)(end - start + 1) * lengths[order[end]] <= maxTokensPerBatch)
            {
                end++;
            }

            plans.Add(new BatchPlan(order[start..end], lengths[order[end - 1]]));
            start = end;
        }

        return plans;
    }
}

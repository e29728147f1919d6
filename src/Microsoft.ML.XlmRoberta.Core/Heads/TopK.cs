namespace Microsoft.ML.XlmRoberta.Heads;

/// <summary>The k largest values of a span (descending; ties: lower index first), without allocating per element.</summary>
internal static class TopK
{
    public static int Select(ReadOnlySpan<float> values, Span<int> indices)
    {
        int k = Math.Min(indices.Length, values.Length);
        int count = 0;
        for (int i = 0; i < values.Length; i++)
        {
            float v = values[i];
            if (count == k && !(v > values[indices[k - 1]]))
            {
                continue;
            }

            int at = count < k ? count++ : k - 1;
            while (at > 0 && v > values[indices[at - 1]])
            {
                indices[at] = indices[at - 1];
                at--;
            }

            indices[at] = i;
        }

        return count;
    }
}

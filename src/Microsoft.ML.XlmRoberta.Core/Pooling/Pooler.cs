using System.Numerics.Tensors;

namespace Microsoft.ML.XlmRoberta.Pooling;

/// <summary>Pooling and normalization over one sequence's token vectors (padding already excluded).</summary>
public static class Pooler
{
    /// <summary>The smallest norm divided by in <see cref="L2Normalize"/>, as in <c>torch.nn.functional.normalize</c>.</summary>
    public const float NormEpsilon = 1e-12f;

    /// <summary>Pools <paramref name="tokens"/> (<c>length × destination.Length</c>, row-major) into <paramref name="destination"/>.</summary>
    /// <param name="tokens">The real tokens' vectors.</param>
    /// <param name="mode">The pooling.</param>
    /// <param name="destination">The pooled vector; its length is the hidden size.</param>
    public static void Pool(ReadOnlySpan<float> tokens, PoolingMode mode, Span<float> destination)
    {
        int width = destination.Length;
        if (width == 0 || tokens.Length < width || tokens.Length % width != 0)
        {
            throw new ArgumentException($"{tokens.Length} floats are not a whole number of {width}-wide token vectors.", nameof(tokens));
        }

        int length = tokens.Length / width;
        tokens[..width].CopyTo(destination);
        if (mode == PoolingMode.Cls)
        {
            return;
        }

        for (int t = 1; t < length; t++)
        {
            ReadOnlySpan<float> row = tokens.Slice(t * width, width);
            if (mode == PoolingMode.Mean)
            {
                TensorPrimitives.Add(destination, row, destination);
            }
            else
            {
                TensorPrimitives.Max(destination, row, destination);
            }
        }

        if (mode == PoolingMode.Mean)
        {
            TensorPrimitives.Divide(destination, length, destination);
        }
    }

    /// <summary>Divides <paramref name="vector"/> by <c>max(‖vector‖₂, 1e-12)</c> in place.</summary>
    /// <param name="vector">The vector to normalize.</param>
    public static void L2Normalize(Span<float> vector)
    {
        float norm = TensorPrimitives.Norm(vector);
        TensorPrimitives.Divide(vector, Math.Max(norm, NormEpsilon), vector);
    }
}

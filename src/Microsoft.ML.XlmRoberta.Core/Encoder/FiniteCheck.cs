using System.Numerics.Tensors;

namespace Microsoft.ML.XlmRoberta.Encoder;

/// <summary>Rejects model outputs holding NaN or infinity, at the cost of one vectorized sum per row.</summary>
internal static class FiniteCheck
{
    /// <exception cref="NonFiniteModelOutputException">A value is NaN or infinite.</exception>
    public static void Verify(ReadOnlySpan<float> values, string onnxPath, string outputName)
    {
        // NaN and ±infinity always make the sum non-finite; a finite sum proves every value finite. A non-finite sum
        // of finite values (overflow) is told apart by the exact scan, which then finds nothing.
        if (float.IsFinite(TensorPrimitives.Sum(values)))
        {
            return;
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new NonFiniteModelOutputException(onnxPath, outputName, values[i], i);
            }
        }
    }
}

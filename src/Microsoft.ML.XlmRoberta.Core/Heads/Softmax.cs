using System.Numerics.Tensors;

namespace Microsoft.ML.XlmRoberta.Heads;

/// <summary>Numerically stable softmax and arg-max over logits.</summary>
internal static class Softmax
{
    public static void Compute(ReadOnlySpan<float> logits, Span<float> probabilities)
    {
        float max = TensorPrimitives.Max(logits);
        TensorPrimitives.Subtract(logits, max, probabilities);
        TensorPrimitives.Exp(probabilities, probabilities);
        float sum = TensorPrimitives.Sum(probabilities);
        TensorPrimitives.Divide(probabilities, sum, probabilities);
    }

    /// <summary><c>log Σ exp(x)</c>, computed as <c>max + log Σ exp(x - max)</c> without allocating.</summary>
    public static float LogSumExp(ReadOnlySpan<float> logits)
    {
        float max = TensorPrimitives.Max(logits);
        double sum = 0;
        foreach (float x in logits)
        {
            sum += Math.Exp(x - max);
        }

        return max + (float)Math.Log(sum);
    }

    public static int ArgMax(ReadOnlySpan<float> values) => TensorPrimitives.IndexOfMax(values);
}

using System.Buffers;
using System.Numerics.Tensors;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.ModelFolder;

namespace Microsoft.ML.XlmRoberta.Pooling;

/// <summary>Pools each segment's <c>last_hidden_state</c> and combines the windows of long inputs.</summary>
internal sealed class FeatureExtractionSink : SegmentSink
{
    private readonly PoolingMode pooling;
    private readonly bool normalize;
    private readonly bool includeTokens;
    private readonly int hiddenSize;
    private readonly string outputName;
    private readonly string onnxPath;
    private readonly float[]?[] pooled;
    private readonly float[] weights;
    private readonly int[] tokenCounts;
    private readonly TokenStitcher?[] tokens;

    public FeatureExtractionSink(int inputs, int hiddenSize, string onnxPath, string outputName, PoolingMode pooling, bool normalize, bool includeTokens)
    {
        this.onnxPath = onnxPath;
        this.pooling = pooling;
        this.normalize = normalize;
        this.includeTokens = includeTokens;
        this.hiddenSize = hiddenSize;
        this.outputName = outputName;
        pooled = new float[inputs][];
        weights = new float[inputs];
        tokenCounts = new int[inputs];
        tokens = new TokenStitcher[inputs];
    }

    public override void Accept(in Segment segment, ReadOnlySpan<float> row, int width)
    {
        if (width != hiddenSize)
        {
            throw new XlmRobertaModelException(
                $"'{onnxPath}': output '{outputName}' is {width} wide but config.json says hidden_size {hiddenSize}.", onnxPath, $"output '{outputName}'");
        }

        int input = segment.Input;
        tokenCounts[input] = segment.InputLength;
        if (includeTokens)
        {
            tokens[input] ??= new TokenStitcher(segment.InputLength, width, segment.WindowCount > 1);
            tokens[input]!.Accept(segment, row);
        }

        if (segment.WindowCount == 1)
        {
            var vector = new float[width];
            Pooler.Pool(row, pooling, vector);
            pooled[input] = vector;
            return;
        }

        float[] buffer = ArrayPool<float>.Shared.Rent(width);
        try
        {
            Span<float> window = buffer.AsSpan(0, width);
            Pooler.Pool(row, pooling, window);
            float[]? acc = pooled[input];
            if (acc is null)
            {
                acc = new float[width];
                if (pooling == PoolingMode.Max)
                {
                    window.CopyTo(acc);
                }

                pooled[input] = acc;
                if (pooling == PoolingMode.Max)
                {
                    return;
                }
            }

            if (pooling == PoolingMode.Max)
            {
                TensorPrimitives.Max(acc, window, acc);
            }
            else
            {
                TensorPrimitives.MultiplyAdd(window, (float)segment.Length, acc, acc);
                weights[input] += segment.Length;
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    public EmbeddingResult[] Complete()
    {
        var results = new EmbeddingResult[pooled.Length];
        for (int i = 0; i < results.Length; i++)
        {
            float[] vector = pooled[i] ?? throw new InvalidOperationException($"Input {i} produced no output.");
            if (weights[i] > 0)
            {
                TensorPrimitives.Divide(vector, weights[i], vector);
            }

            if (normalize)
            {
                Pooler.L2Normalize(vector);
            }

            results[i] = new EmbeddingResult(vector, tokens[i]?.Rows, tokenCounts[i]);
        }

        return results;
    }
}

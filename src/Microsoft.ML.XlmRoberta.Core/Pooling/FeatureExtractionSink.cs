using System.Buffers;
using System.Numerics.Tensors;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.ModelFolder;

namespace Microsoft.ML.XlmRoberta.Pooling;

/// <summary>Pools each segment's <c>last_hidden_state</c> and combines the windows of long inputs.</summary>
internal sealed class FeatureExtractionSink : SegmentSink
{
    private readonly FeatureExtractionOptions options;
    private readonly int hiddenSize;
    private readonly string outputName;
    private readonly string onnxPath;
    private readonly float[]?[] pooled;
    private readonly float[] weights;
    private readonly int[] tokenCounts;
    private readonly TokenStitcher?[] tokens;

    public FeatureExtractionSink(int inputs, int hiddenSize, string onnxPath, string outputName, FeatureExtractionOptions options)
    {
        this.onnxPath = onnxPath;
        this.options = options;
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
        if (options.IncludeTokenEmbeddings)
        {
            tokens[input] ??= new TokenStitcher(segment.InputLength, width, segment.WindowCount > 1);
            tokens[input]!.Accept(segment, row);
        }

        if (segment.WindowCount == 1)
        {
            var vector = new float[width];
            Pooler.Pool(row, options.Pooling, vector);
            pooled[input] = vector;
            return;
        }

        float[] buffer = ArrayPool<float>.Shared.Rent(width);
        try
        {
            Span<float> window = buffer.AsSpan(0, width);
            Pooler.Pool(row, options.Pooling, window);
            float[]? acc = pooled[input];
            if (acc is null)
            {
                acc = new float[width];
                if (options.Pooling == PoolingMode.Max)
                {
                    window.CopyTo(acc);
                }

                pooled[input] = acc;
                if (options.Pooling == PoolingMode.Max)
                {
                    return;
                }
            }

            if (options.Pooling == PoolingMode.Max)
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

            if (options.Normalize)
            {
                Pooler.L2Normalize(vector);
            }

            results[i] = new EmbeddingResult(vector, tokens[i]?.Rows, tokenCounts[i]);
        }

        return results;
    }
}

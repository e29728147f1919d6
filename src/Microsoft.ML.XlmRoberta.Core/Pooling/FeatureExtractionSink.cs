using System.Buffers;
using System.Numerics.Tensors;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.ModelFolder;

namespace Microsoft.ML.XlmRoberta.Pooling;

/// <summary>Pools each segment's <c>last_hidden_state</c> and combines the windows of long inputs.</summary>
internal sealed class FeatureExtractionSink : SegmentSink
{
    private readonly PoolingMode _pooling;
    private readonly bool _normalize;
    private readonly bool _includeTokens;
    private readonly int _hiddenSize;
    private readonly string _outputName;
    private readonly string _onnxPath;
    private readonly float[]?[] _pooled;
    private readonly float[] _weights;
    private readonly int[] _tokenCounts;
    private readonly TokenStitcher?[] _tokens;

    public FeatureExtractionSink(int inputs, int hiddenSize, string onnxPath, string outputName, PoolingMode pooling, bool normalize, bool includeTokens)
    {
        _onnxPath = onnxPath;
        _pooling = pooling;
        _normalize = normalize;
        _includeTokens = includeTokens;
        _hiddenSize = hiddenSize;
        _outputName = outputName;
        _pooled = new float[inputs][];
        _weights = new float[inputs];
        _tokenCounts = new int[inputs];
        _tokens = new TokenStitcher[inputs];
    }

    public override void Accept(in Segment segment, ReadOnlySpan<float> row, int width)
    {
        if (width != _hiddenSize)
        {
            throw new XlmRobertaModelException(
                $"'{_onnxPath}': output '{_outputName}' is {width} wide but config.json says hidden_size {_hiddenSize}.", _onnxPath, $"output '{_outputName}'");
        }

        int input = segment.Input;
        _tokenCounts[input] = segment.InputLength;
        if (_includeTokens)
        {
            _tokens[input] ??= new TokenStitcher(segment.InputLength, width, segment.WindowCount > 1);
            _tokens[input]!.Accept(segment, row);
        }

        if (segment.WindowCount == 1)
        {
            var vector = new float[width];
            Pooler.Pool(row, _pooling, vector);
            _pooled[input] = vector;
            return;
        }

        float[] buffer = ArrayPool<float>.Shared.Rent(width);
        try
        {
            Span<float> window = buffer.AsSpan(0, width);
            Pooler.Pool(row, _pooling, window);
            float[]? acc = _pooled[input];
            if (acc is null)
            {
                acc = new float[width];
                if (_pooling == PoolingMode.Max)
                {
                    window.CopyTo(acc);
                }

                _pooled[input] = acc;
                if (_pooling == PoolingMode.Max)
                {
                    return;
                }
            }

            if (_pooling == PoolingMode.Max)
            {
                TensorPrimitives.Max(acc, window, acc);
            }
            else
            {
                TensorPrimitives.MultiplyAdd(window, (float)segment.Length, acc, acc);
                _weights[input] += segment.Length;
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    public EmbeddingResult[] Complete()
    {
        var results = new EmbeddingResult[_pooled.Length];
        for (int i = 0; i < results.Length; i++)
        {
            float[] vector = _pooled[i] ?? throw new InvalidOperationException($"Input {i} produced no output.");
            if (_weights[i] > 0)
            {
                TensorPrimitives.Divide(vector, _weights[i], vector);
            }

            if (_normalize)
            {
                Pooler.L2Normalize(vector);
            }

            results[i] = new EmbeddingResult(vector, _tokens[i]?.Rows, _tokenCounts[i]);
        }

        return results;
    }
}

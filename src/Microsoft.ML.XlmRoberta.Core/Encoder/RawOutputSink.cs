using Microsoft.ML.XlmRoberta.ModelFolder;

namespace Microsoft.ML.XlmRoberta.Encoder;

/// <summary>Collects each input's raw output: all token rows (windows stitched) or the single sequence row.</summary>
internal sealed class RawOutputSink(int inputs, string outputName, int? expectedWidth = null, string? onnxPath = null) : SegmentSink
{
    private readonly TokenStitcher?[] _stitchers = new TokenStitcher?[inputs];
    private readonly float[]?[] _rows = new float[]?[inputs];

    public bool PerToken { get; set; } = true;

    public int Width { get; private set; }

    public override void Accept(in Segment segment, ReadOnlySpan<float> row, int width)
    {
        if (expectedWidth is int expected && width != expected)
        {
            throw new XlmRobertaModelException(
                $"'{onnxPath}': output '{outputName}' is {width} wide; {expected} was expected from config.json.", onnxPath, $"output '{outputName}'");
        }

        Width = width;
        if (!PerToken)
        {
            _rows[segment.Input] = row.ToArray();
            return;
        }

        TokenStitcher stitcher = _stitchers[segment.Input] ??= new TokenStitcher(segment.InputLength, width, segment.WindowCount > 1);
        stitcher.Accept(segment, row);
    }

    public float[] RowsOf(int input) =>
        (PerToken ? _stitchers[input]?.Rows : _rows[input]) ?? throw new InvalidOperationException($"Input {input} produced no output.");

    public float[][] Complete()
    {
        var result = new float[_stitchers.Length][];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = RowsOf(i);
        }

        return result;
    }
}

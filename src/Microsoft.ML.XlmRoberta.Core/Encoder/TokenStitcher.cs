namespace Microsoft.ML.XlmRoberta.Encoder;

/// <summary>
/// Assembles per-token output rows of one input from its segments. With several windows each token keeps the row
/// from the window where it is most central (ties: the earlier window), whatever order the windows arrive in.
/// </summary>
internal sealed class TokenStitcher
{
    private readonly int[]? _centrality;
    private readonly int[]? _window;

    public TokenStitcher(int inputLength, int width, bool windowed)
    {
        Width = width;
        Rows = new float[inputLength * width];
        if (windowed)
        {
            _centrality = new int[inputLength];
            _window = new int[inputLength];
            Array.Fill(_centrality, int.MinValue);
        }
    }

    public int Width { get; }

    public float[] Rows { get; }

    public void Accept(in Segment segment, ReadOnlySpan<float> rows)
    {
        if (_centrality is null || _window is null)
        {
            rows.CopyTo(Rows);
            return;
        }

        for (int j = 0; j < segment.Length; j++)
        {
            int target = segment.ToInputPosition(j);
            int c = segment.Centrality(j);
            if (c > _centrality[target] || (c == _centrality[target] && segment.Window < _window[target]))
            {
                _centrality[target] = c;
                _window[target] = segment.Window;
                rows.Slice(j * Width, Width).CopyTo(Rows.AsSpan(target * Width, Width));
            }
        }
    }
}

namespace Microsoft.ML.XlmRoberta.Encoder;

/// <summary>
/// Assembles per-token output rows of one input from its segments. With several windows each token keeps the row
/// from the window where it is most central (ties: the earlier window), whatever order the windows arrive in.
/// </summary>
internal sealed class TokenStitcher
{
    private readonly int[]? centrality;
    private readonly int[]? window;

    public TokenStitcher(int inputLength, int width, bool windowed)
    {
        Width = width;
        Rows = new float[inputLength * width];
        if (windowed)
        {
            centrality = new int[inputLength];
            window = new int[inputLength];
            Array.Fill(centrality, int.MinValue);
        }
    }

    public int Width { get; }

    public float[] Rows { get; }

    public void Accept(in Segment segment, ReadOnlySpan<float> rows)
    {
        if (centrality is null || window is null)
        {
            rows.CopyTo(Rows);
            return;
        }

        for (int j = 0; j < segment.Length; j++)
        {
            int target = segment.ToInputPosition(j);
            int c = segment.Centrality(j);
            if (c > centrality[target] || (c == centrality[target] && segment.Window < window[target]))
            {
                centrality[target] = c;
                window[target] = segment.Window;
                rows.Slice(j * Width, Width).CopyTo(Rows.AsSpan(target * Width, Width));
            }
        }
    }
}

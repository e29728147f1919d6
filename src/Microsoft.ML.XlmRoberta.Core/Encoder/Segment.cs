namespace Microsoft.ML.XlmRoberta.Encoder;

/// <summary>
/// One sequence the encoder runs: a whole input, or one window of a long input. Position <c>j</c> of the window
/// (0 &lt; j &lt; Ids.Length - 1) is token <c>ContentStart + j - 1</c> of the input; the first and last positions
/// are the input's own first and last tokens.
/// </summary>
internal readonly record struct Segment(int Input, int Window, int WindowCount, int[] Ids, int ContentStart, int InputLength)
{
    public int Length => Ids.Length;

    /// <summary>The input token at window position <paramref name="j"/>.</summary>
    public int ToInputPosition(int j) =>
        WindowCount == 1 ? j : j == 0 ? 0 : j == Ids.Length - 1 ? InputLength - 1 : ContentStart + j - 1;

    /// <summary>How far window position <paramref name="j"/> is from the nearest window edge it shares with another window.</summary>
    public int Centrality(int j)
    {
        if (WindowCount == 1 || j == 0 || j == Ids.Length - 1)
        {
            // Single windows and the input's own first/last token: only one window can hold them meaningfully.
            return j == 0 ? (Window == 0 ? int.MaxValue : -1) : j == Ids.Length - 1 ? (Window == WindowCount - 1 ? int.MaxValue : -1) : int.MaxValue;
        }

        int left = Window == 0 ? int.MaxValue : j - 1;
        int right = Window == WindowCount - 1 ? int.MaxValue : Ids.Length - 2 - j;
        return Math.Min(left, right);
    }
}

namespace Microsoft.ML.XlmRoberta.Tokenization;

/// <summary>The <c>[Start, End)</c> range of UTF-16 code units of the original text that a token covers.</summary>
/// <param name="Start">Index of the first code unit.</param>
/// <param name="End">Index one past the last code unit.</param>
public readonly record struct TokenOffset(int Start, int End)
{
    /// <summary>The number of code units covered.</summary>
    public int Length => End - Start;

    /// <summary>The range as <c>[Start, End)</c>.</summary>
    public override string ToString() => $"[{Start}, {End})";
}

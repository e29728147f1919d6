namespace Microsoft.ML.XlmRoberta.Tokenization.SentencePiece;

/// <summary>The UTF-8 spellings of all pieces in one buffer: piece i is <c>Bytes[Starts[i]..Starts[i + 1]]</c>.</summary>
internal readonly record struct PieceKeys(byte[] Bytes, int[] Starts)
{
    /// <summary>The number of pieces.</summary>
    public int Count => Starts.Length - 1;

    /// <summary>The byte length of piece <paramref name="i"/>.</summary>
    public int Length(int i) => Starts[i + 1] - Starts[i];
}

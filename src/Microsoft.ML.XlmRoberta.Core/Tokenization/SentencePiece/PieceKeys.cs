using System.Text;

namespace Microsoft.ML.XlmRoberta.Tokenization.SentencePiece;

/// <summary>The UTF-8 spellings of all pieces in one buffer: piece i is <c>Bytes[Starts[i]..Starts[i + 1]]</c>.</summary>
internal readonly record struct PieceKeys(byte[] Bytes, int[] Starts)
{
    /// <summary>The number of pieces.</summary>
    public int Count => Starts.Length - 1;

    /// <summary>Encodes <paramref name="pieces"/> into one buffer.</summary>
    public static PieceKeys FromStrings(string[] pieces)
    {
        var starts = new int[pieces.Length + 1];
        int total = 0;
        for (int i = 0; i < pieces.Length; i++)
        {
            starts[i] = total;
            total += Encoding.UTF8.GetByteCount(pieces[i]);
        }

        starts[pieces.Length] = total;
        var bytes = new byte[total];
        for (int i = 0; i < pieces.Length; i++)
        {
            Encoding.UTF8.GetBytes(pieces[i], bytes.AsSpan(starts[i]));
        }

        return new PieceKeys(bytes, starts);
    }

    /// <summary>The byte length of piece <paramref name="i"/>.</summary>
    public int Length(int i) => Starts[i + 1] - Starts[i];
}

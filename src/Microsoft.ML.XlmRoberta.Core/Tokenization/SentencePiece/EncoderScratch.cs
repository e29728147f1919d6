namespace Microsoft.ML.XlmRoberta.Tokenization.SentencePiece;

/// <summary>Per-thread reusable buffers for encoding, so steady-state encoding does not allocate.</summary>
internal sealed class EncoderScratch
{
    public GrowableBuffer<byte> Utf8 { get; } = new(1024);

    public GrowableBuffer<int> ByteToChar { get; } = new(1024);

    public GrowableBuffer<byte> Normalized { get; } = new(1024);

    public GrowableBuffer<int> NormToOrig { get; } = new(1024);

    public GrowableBuffer<int> PieceIds { get; } = new(256);

    public GrowableBuffer<int> PieceEnds { get; } = new(256);

    public ViterbiScratch Viterbi { get; } = new();

    public WordCache Cache { get; } = new();

    /// <summary>Token ids of the first sequence (or the only one).</summary>
    public TokenBuffer First { get; } = new();

    /// <summary>Token ids of the second sequence of a pair.</summary>
    public TokenBuffer Second { get; } = new();

    /// <summary>Segments of the text between special tokens.</summary>
    public GrowableBuffer<TextSegment> Segments { get; } = new(16);
}

/// <summary>Ids with their offsets in the original text.</summary>
internal sealed class TokenBuffer
{
    public GrowableBuffer<int> Ids { get; } = new(256);

    public GrowableBuffer<int> Starts { get; } = new(256);

    public GrowableBuffer<int> Ends { get; } = new(256);

    public int Count => Ids.Count;

    public void Clear()
    {
        Ids.Clear();
        Starts.Clear();
        Ends.Clear();
    }

    public void Add(int id, int start, int end)
    {
        Ids.Add(id);
        Starts.Add(start);
        Ends.Add(end);
    }

    public void Truncate(int count)
    {
        Ids.Truncate(count);
        Starts.Truncate(count);
        Ends.Truncate(count);
    }
}

/// <summary>A piece of the input: a run of text, or a special token written in the text.</summary>
/// <param name="Start">Start index (UTF-16) in the original string.</param>
/// <param name="Length">Length in UTF-16 code units.</param>
/// <param name="SpecialId">The special token's id, or -1 for text.</param>
internal readonly record struct TextSegment(int Start, int Length, int SpecialId);

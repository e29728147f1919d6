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

/// <summary>
/// Ids with their offsets in the original text; or, while <see cref="SinkTo"/> is in effect, a pass-through that appends
/// them straight to a caller's lists, so that a huge text's tokens are stored once (in the caller's list), not twice.
/// </summary>
internal sealed class TokenBuffer
{
    private List<int>? _idSink;
    private List<TokenOffset>? _offsetSink;
    private int _sunk;

    public GrowableBuffer<int> Ids { get; } = new(256);

    public GrowableBuffer<int> Starts { get; } = new(256);

    public GrowableBuffer<int> Ends { get; } = new(256);

    /// <summary>
    /// Whether the encoder must compute offsets; when false it may pass 0s, and skips the normalized-to-original maps.
    /// Set by each encoding call.
    /// </summary>
    public bool TrackOffsets { get; set; } = true;

    public int Count => _idSink is null ? Ids.Count : _sunk;

    public void Clear()
    {
        Ids.Clear();
        Starts.Clear();
        Ends.Clear();
        _sunk = 0;
    }

    public void Add(int id, int start, int end)
    {
        if (_idSink is not null)
        {
            _idSink.Add(id);
            _offsetSink?.Add(new TokenOffset(start, end));
            _sunk++;
            return;
        }

        Ids.Add(id);
        Starts.Add(start);
        Ends.Add(end);
    }

    /// <summary>Until <see cref="EndSink"/>, appends tokens to <paramref name="ids"/> (and their offsets to <paramref name="offsets"/>).</summary>
    public void SinkTo(List<int> ids, List<TokenOffset>? offsets)
    {
        _idSink = ids;
        _offsetSink = offsets;
        _sunk = 0;
    }

    /// <summary>Stops appending to the caller's lists.</summary>
    public void EndSink()
    {
        _idSink = null;
        _offsetSink = null;
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

namespace Microsoft.ML.XlmRoberta.Tokenization.SentencePiece;

/// <summary>
/// The best path found so far to one byte position of a float search: its score (negative infinity: unreached), where
/// its last piece starts and that piece (with <see cref="PieceTrie.UserDefinedFlag"/>). Twelve bytes; nothing else of the
/// lattice is kept, since what a piece added to the score follows from its id and length.
/// </summary>
internal struct BestPath
{
    public float Score;
    public int StartsAt;
    public int Id;
}

/// <summary>The same for a search in double arithmetic (the <c>tokenizer.json</c> model).</summary>
internal struct ExactBestPath
{
    public double Score;
    public int StartsAt;
    public int Id;
}

/// <summary>
/// The state of a resumable <see cref="UnigramModel.EncodeLong"/>: the best-path window (entry i is position
/// <see cref="WindowBase"/> + i), how far the path was appended, and the next character start to relax.
/// </summary>
internal struct LongSearch
{
    public BestPath[] Best;
    public int WindowBase;
    public int Emitted;
    public int NextStart;
}

/// <summary>Reusable arrays for <see cref="UnigramModel"/>.</summary>
internal sealed class ViterbiScratch
{
    /// <summary>The first window of a long search, in positions.</summary>
    private const int LongWindow = 1 << 16;

    private LongSearch _long;

    private BestPath[] _best = new BestPath[256];
    private ExactBestPath[] _exact = new ExactBestPath[256];

    public double[] ExactBest { get; private set; } = new double[256];

    public double[] ExactSecond { get; private set; } = new double[256];

    /// <summary>Room for the pieces one trie walk finds.</summary>
    public PieceMatch[] Matches { get; private set; } = new PieceMatch[64];

    /// <summary>Makes <see cref="Matches"/> at least <paramref name="size"/> long.</summary>
    public PieceMatch[] EnsureMatches(int size)
    {
        if (Matches.Length < size)
        {
            Matches = new PieceMatch[size];
        }

        return Matches;
    }

    /// <summary>The best-path table for <paramref name="size"/> bytes: position 0 scored <paramref name="startScore"/>, the others unreached.</summary>
    public Span<BestPath> Reset(int size, float startScore)
    {
        if (_best.Length < size + 1)
        {
            _best = new BestPath[Math.Max(size + 1, _best.Length * 2)];
        }

        Span<BestPath> best = _best.AsSpan(0, size + 1);
        best.Fill(new BestPath { Score = float.NegativeInfinity, StartsAt = -1 });
        best[0] = new BestPath { Score = startScore, StartsAt = 0 };
        return best;
    }

    /// <summary>The state of the current long search.</summary>
    public ref LongSearch Long => ref _long;

    /// <summary>Starts a long search with path score <paramref name="startScore"/> at position 0.</summary>
    public void BeginLong(float startScore)
    {
        _long.Best ??= new BestPath[LongWindow];
        _long.Best.AsSpan().Fill(new BestPath { Score = float.NegativeInfinity, StartsAt = -1 });
        _long.Best[0] = new BestPath { Score = startScore, StartsAt = 0 };
        _long.WindowBase = 0;
        _long.Emitted = 0;
        _long.NextStart = 0;
    }

    /// <summary>The double best-path table for <paramref name="size"/> bytes: position 0 scored 0, the others unreached.</summary>
    public Span<ExactBestPath> ResetExactPaths(int size)
    {
        if (_exact.Length < size + 1)
        {
            _exact = new ExactBestPath[Math.Max(size + 1, _exact.Length * 2)];
        }

        Span<ExactBestPath> best = _exact.AsSpan(0, size + 1);
        best.Fill(new ExactBestPath { Score = double.NegativeInfinity, StartsAt = -1 });
        best[0] = new ExactBestPath { Score = 0, StartsAt = 0 };
        return best;
    }

    public void ResetExact(int size)
    {
        if (ExactBest.Length < size + 1)
        {
            int capacity = Math.Max(size + 1, ExactBest.Length * 2);
            ExactBest = new double[capacity];
            ExactSecond = new double[capacity];
        }

        Array.Fill(ExactBest, double.NegativeInfinity, 0, size + 1);
        Array.Fill(ExactSecond, double.NegativeInfinity, 0, size + 1);
        ExactBest[0] = 0;
    }
}

namespace Microsoft.ML.XlmRoberta.Tokenization.SentencePiece;

/// <summary>
/// The best path found so far to one position: its score, where its last piece starts (-1: unreached), that piece, and
/// what the piece added to the score.
/// </summary>
internal struct BestPath(double score, int startsAt, int id, double step)
{
    public double Score = score;
    public int StartsAt = startsAt;
    public int Id = id;
    public double Step = step;
}

/// <summary>Reusable arrays for <see cref="UnigramModel"/>.</summary>
internal sealed class ViterbiScratch
{
    private BestPath[] _best = new BestPath[256];

    public double[] ExactBest { get; private set; } = new double[256];

    public double[] ExactSecond { get; private set; } = new double[256];

    public GrowableBuffer<int> Path { get; } = new();

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

    /// <summary>The best-path table for <paramref name="size"/> bytes: position 0 scored 0, the others unreached.</summary>
    public Span<BestPath> Reset(int size)
    {
        if (_best.Length < size + 1)
        {
            _best = new BestPath[Math.Max(size + 1, _best.Length * 2)];
        }

        Span<BestPath> best = _best.AsSpan(0, size + 1);
        best.Fill(new BestPath(0, -1, 0, 0));
        best[0].StartsAt = 0;
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

namespace Microsoft.ML.XlmRoberta.Tokenization.SentencePiece;

/// <summary>Reusable arrays for <see cref="UnigramModel"/>.</summary>
internal sealed class ViterbiScratch
{
    public float[] BestScore { get; private set; } = new float[256];

    public int[] StartsAt { get; private set; } = new int[256];

    public int[] BestId { get; private set; } = new int[256];

    public double[] ExactBest { get; private set; } = new double[256];

    public double[] ExactSecond { get; private set; } = new double[256];

    public GrowableBuffer<int> Path { get; } = new();

    public void Reset(int size)
    {
        if (BestScore.Length < size + 1)
        {
            int capacity = Math.Max(size + 1, BestScore.Length * 2);
            BestScore = new float[capacity];
            StartsAt = new int[capacity];
            BestId = new int[capacity];
        }

        Array.Clear(BestScore, 0, size + 1);
        Array.Fill(StartsAt, -1, 0, size + 1);
    }

    /// <summary>Prepares <see cref="ExactBest"/>, <see cref="StartsAt"/> and <see cref="BestId"/> for a double search.</summary>
    public void ResetWord(int size)
    {
        if (BestScore.Length < size + 1)
        {
            int capacity = Math.Max(size + 1, BestScore.Length * 2);
            BestScore = new float[capacity];
            StartsAt = new int[capacity];
            BestId = new int[capacity];
        }

        if (ExactBest.Length < size + 1)
        {
            int capacity = Math.Max(size + 1, ExactBest.Length * 2);
            ExactBest = new double[capacity];
            ExactSecond = new double[capacity];
        }

        ExactBest[0] = 0;
        Array.Fill(StartsAt, -1, 0, size + 1);
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

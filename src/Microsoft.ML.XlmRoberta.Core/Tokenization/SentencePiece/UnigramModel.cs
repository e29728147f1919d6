using Microsoft.ML.XlmRoberta.Tokenization.Normalization;

namespace Microsoft.ML.XlmRoberta.Tokenization.SentencePiece;

/// <summary>
/// SentencePiece's Unigram segmentation (<c>unigram_model.cc</c>, <c>Model::Encode</c>): a Viterbi search over the
/// normalized UTF-8 bytes with single-precision path scores, where a character no piece covers becomes an unknown
/// piece scored <c>min_score - 10</c>; consecutive unknown pieces are then merged into one, as
/// <c>SentencePieceProcessor</c> does.
/// </summary>
internal sealed class UnigramModel
{
    private const float UnknownPenalty = 10.0f;

    private readonly PieceTrie _trie;
    private readonly float[] _scores;
    private readonly PieceType[] _types;
    private readonly float _unknownScore;
    private readonly float _maxScore;

    public UnigramModel(SentencePieceModelProto proto, byte[][] utf8Pieces)
    {
        _scores = proto.Scores;
        _types = proto.Types;
        UnknownId = -1;
        float min = float.MaxValue;
        float max = float.MinValue;
        for (int i = 0; i < _types.Length; i++)
        {
            if (_types[i] == PieceType.Normal)
            {
                min = Math.Min(min, _scores[i]);
                max = Math.Max(max, _scores[i]);
            }
            else if (_types[i] == PieceType.Unknown && UnknownId < 0)
            {
                UnknownId = i;
            }
        }

        if (UnknownId < 0)
        {
            throw new FormatException("the model has no piece of type UNKNOWN");
        }

        _unknownScore = min - UnknownPenalty;
        _maxScore = max;
        PieceTrie trie = new(utf8Pieces, i => _types[i] is PieceType.Normal or PieceType.UserDefined or PieceType.Unused);
        _trie = trie;
    }

    /// <summary>The SentencePiece id of the unknown piece.</summary>
    public int UnknownId { get; }

    /// <summary>
    /// Segments <paramref name="text"/> (normalized UTF-8) and appends each piece's id and exclusive end byte
    /// (relative to <paramref name="text"/>) to the outputs, merging runs of unknown pieces.
    /// </summary>
    public void Encode(ReadOnlySpan<byte> text, ViterbiScratch scratch, GrowableBuffer<int> ids, GrowableBuffer<int> ends)
    {
        int size = text.Length;
        if (size == 0)
        {
            return;
        }

        scratch.Reset(size);
        float[] bestScore = scratch.BestScore;
        int[] startsAt = scratch.StartsAt;
        int[] bestId = scratch.BestId;
        PieceTrie trie = _trie;
        float[] scores = _scores;
        int start = 0;
        while (start < size)
        {
            float scoreTillHere = bestScore[start];
            bool hasSingleNode = false;
            int charLength = Math.Min(Utf8.CharLengthFromLead(text[start]), size - start);
            int node = PieceTrie.Root;
            for (int pos = start; pos < size; pos++)
            {
                node = trie.Child(node, text[pos]);
                if (node < 0)
                {
                    break;
                }

                int id = trie.Value(node);
                if (id < 0)
                {
                    continue;
                }

                PieceType type = _types[id];
                if (type == PieceType.Unused)
                {
                    continue;
                }

                int end = pos + 1;
                int length = end - start;
                float candidate = type == PieceType.UserDefined
                    ? (float)(((length * _maxScore) - 0.1) + scoreTillHere)
                    : scores[id] + scoreTillHere;
                if (startsAt[end] == -1 || candidate > bestScore[end])
                {
                    bestScore[end] = candidate;
                    startsAt[end] = start;
                    bestId[end] = id;
                }

                if (!hasSingleNode && length == charLength)
                {
                    hasSingleNode = true;
                }
            }

            if (!hasSingleNode)
            {
                int end = start + charLength;
                float candidate = _unknownScore + scoreTillHere;
                if (startsAt[end] == -1 || candidate > bestScore[end])
                {
                    bestScore[end] = candidate;
                    startsAt[end] = start;
                    bestId[end] = UnknownId;
                }
            }

            start += charLength;
        }

        // Backtrack into the scratch path, then emit forwards with unknown runs merged.
        GrowableBuffer<int> path = scratch.Path;
        path.Clear();
        for (int end = size; end > 0; end = startsAt[end])
        {
            path.Add(end);
        }

        bool previousUnknown = false;
        for (int k = path.Count - 1; k >= 0; k--)
        {
            int end = path[k];
            int id = bestId[end];
            bool unknown = id == UnknownId;
            if (unknown && previousUnknown)
            {
                ends[ends.Count - 1] = end;
            }
            else
            {
                ids.Add(id);
                ends.Add(end);
            }

            previousUnknown = unknown;
        }
    }
}

/// <summary>Reusable arrays for <see cref="UnigramModel.Encode"/>.</summary>
internal sealed class ViterbiScratch
{
    public float[] BestScore { get; private set; } = new float[256];

    public int[] StartsAt { get; private set; } = new int[256];

    public int[] BestId { get; private set; } = new int[256];

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
}

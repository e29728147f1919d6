using System.Runtime.CompilerServices;
using Microsoft.ML.XlmRoberta.Tokenization.Normalization;

namespace Microsoft.ML.XlmRoberta.Tokenization.SentencePiece;

/// <summary>
/// SentencePiece's Unigram segmentation (<c>unigram_model.cc</c>, <c>Model::EncodeOptimized</c>): a Viterbi search over
/// the normalized UTF-8 bytes, where a character no piece covers becomes an unknown piece scored <c>min_score - 10</c>.
/// Path scores are stored as <see cref="float"/>; a piece candidate is summed and compared in <see cref="double"/>
/// (SentencePiece's conditional expression makes the piece score a double), an unknown candidate in float. Near-ties
/// depend on this rounding, so it is reproduced exactly. Runs of unknown pieces are merged by the caller.
/// </summary>
internal sealed class UnigramModel
{
    private const float UnknownPenalty = 10.0f;

    private readonly PieceTrie _trie;
    private readonly float[] _scores;
    private readonly PieceType[] _types;
    private readonly float _unknownScore;
    private readonly float _maxScore;
    private readonly double _exactUnknownScore;

    /// <summary>A SentencePiece model: float path scores, unused and control pieces left out of the search.</summary>
    public UnigramModel(SentencePieceModelProto proto, PieceKeys utf8Pieces)
        : this(proto.Scores, proto.Types, utf8Pieces, unknownId: -1)
    {
    }

    private UnigramModel(float[] scores, PieceType[] types, PieceKeys utf8Pieces, int unknownId)
    {
        _scores = scores;
        _types = types;
        UnknownId = unknownId;
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
        MaxAbsoluteStepScore = Math.Max(Math.Max(Math.Abs(_unknownScore), Math.Abs(min)), Math.Abs(max) + 1);
        var exactScores = new double[scores.Length];
        for (int i = 0; i < scores.Length; i++)
        {
            exactScores[i] = scores[i];
        }

        // Unused pieces are skipped by the search (before they can count as covering a character), so they are left out.
        _trie = new PieceTrie(utf8Pieces, exactScores, _types);
    }

    /// <summary>
    /// A Hugging Face <c>tokenizer.json</c> Unigram model (tokenizers' <c>Unigram::encode_optimized</c>): every vocabulary
    /// entry is a candidate, scores and path scores are <see cref="double"/>, an uncovered character scores the lowest
    /// vocabulary score minus 10. Use <see cref="EncodeWord"/>.
    /// </summary>
    public UnigramModel(double[] scores, PieceKeys utf8Pieces, int unknownId)
    {
        double min = double.PositiveInfinity;
        foreach (double score in scores)
        {
            min = Math.Min(min, score);
        }

        _scores = [];
        _types = [];
        UnknownId = unknownId;
        _exactUnknownScore = min - UnknownPenalty;
        _trie = new PieceTrie(utf8Pieces, scores, null);
    }

    /// <summary>The SentencePiece id of the unknown piece.</summary>
    public int UnknownId { get; }

    /// <summary>An upper bound of the absolute score one step of a path can add.</summary>
    public double MaxAbsoluteStepScore { get; }

    /// <summary>
    /// Runs the Viterbi search over <paramref name="text"/> with the path score <paramref name="startScore"/> at its
    /// first byte, appends the best path's pieces (unmerged; ends relative to <paramref name="text"/>), and returns the
    /// path score at its end.
    /// </summary>
    /// <remarks>
    /// A best-path DP over byte positions, left to right: position <c>p</c> holds only the best score that reaches it and
    /// a back-pointer (the last piece and where it starts). From each character start the trie is walked byte by byte;
    /// every node where a piece ends relaxes the position after that byte. Since every piece starting at <c>p</c> is a
    /// prefix of the text there, one walk finds them all, and no lattice node is ever materialized. A character that no
    /// one-character piece covers gets the unknown piece, so every character start stays reachable.
    /// </remarks>
    /// <param name="text">The normalized bytes.</param>
    /// <param name="startScore">The path score at the first byte.</param>
    /// <param name="scratch">Reusable arrays.</param>
    /// <param name="ids">Receives the pieces.</param>
    /// <param name="ends">Receives their ends.</param>
    public float Encode(ReadOnlySpan<byte> text, float startScore, ViterbiScratch scratch, GrowableBuffer<int> ids, GrowableBuffer<int> ends)
    {
        int size = text.Length;
        if (size == 0)
        {
            return startScore;
        }

        Span<BestPath> best = scratch.Reset(size, startScore);
        for (int start = 0; start < size;)
        {
            start += Relax(text, start, best, 0);
        }

        AppendPath(best, 0, size, 0, ids, ends, 0);
        return best[size].Score;
    }

    /// <summary>
    /// <see cref="Encode"/> for a long text in bounded memory, resumable: the best-path table is a window that slides
    /// forward, and pieces are appended to <paramref name="ids"/>/<paramref name="ends"/> (ends plus
    /// <paramref name="endOffset"/>) as soon as they are final. Returns false when at least <paramref name="flushAt"/>
    /// pieces are waiting (call again with the same arguments after taking them), true at the end, with the path score
    /// there in <paramref name="endScore"/>. Start with <see cref="ViterbiScratch.BeginLong"/>.
    /// </summary>
    /// <remarks>
    /// When is a prefix of the path final? After every start before position p has been relaxed, the best path to the end
    /// crosses p either at p itself or with a piece from some s &lt; p to some y in (p, p + MaxDepth]; in the second case
    /// y's back-pointer is already the final one (later starts only replace it with a strictly better candidate, and then
    /// y is not where the final path crosses p). So the final path continues one of these chains back from p: if all of them
    /// meet at a position c, the path up to c is decided and the table before c is no longer needed. The results are those
    /// of <see cref="Encode"/> bit for bit; only memory differs (the window doubles if the chains do not meet).
    /// </remarks>
    public bool EncodeLong(ReadOnlySpan<byte> text, ViterbiScratch scratch, GrowableBuffer<int> ids, GrowableBuffer<int> ends, int endOffset, int flushAt, out float endScore)
    {
        endScore = 0;
        int size = text.Length;
        int maxDepth = _trie.MaxDepth;
        ref LongSearch state = ref scratch.Long;
        int room = Math.Max(maxDepth, 4) + 1;
        int start = state.NextStart;
        while (start < size)
        {
            // Room for every end this start can reach: else settle what is final and slide the window.
            if (start + room - state.WindowBase > state.Best.Length)
            {
                Settle(ref state, start, Math.Min(size, start + maxDepth), ids, ends, endOffset);
                if (ids.Count >= flushAt)
                {
                    state.NextStart = start;
                    return false;
                }
            }

            start += Relax(text, start, state.Best, state.WindowBase);
        }

        // The end: the path to it is final.
        AppendPath(state.Best, state.WindowBase, size, state.Emitted, ids, ends, endOffset);
        endScore = state.Best[size - state.WindowBase].Score;
        state.NextStart = size;
        return true;
    }

    /// <summary>
    /// Finds where the chains from the frontier of <paramref name="p"/> (p itself and the reached positions up to
    /// <paramref name="last"/>) meet, appends the path up to there, and slides the window to start there (doubling it when
    /// that frees less than half).
    /// </summary>
    private static void Settle(ref LongSearch state, int p, int last, GrowableBuffer<int> ids, GrowableBuffer<int> ends, int endOffset)
    {
        BestPath[] best = state.Best;
        int windowBase = state.WindowBase;

        // Positions past the window were never reached (every earlier start had its reach inside the window).
        last = Math.Min(last, windowBase + best.Length - 1);

        // Walk all chains back together: always step the head that is furthest right, until every head is the same.
        int meet = p;
        for (int y = p + 1; y <= last; y++)
        {
            int head = best[y - windowBase].StartsAt;
            if (head < 0)
            {
                continue; // unreached so far
            }

            while (meet != head)
            {
                if (meet > head)
                {
                    meet = best[meet - windowBase].StartsAt;
                }
                else
                {
                    head = best[head - windowBase].StartsAt;
                }
            }
        }

        AppendPath(best, windowBase, meet, state.Emitted, ids, ends, endOffset);
        state.Emitted = meet;
        int keep = last + 1 - meet;
        if (meet - windowBase < best.Length / 2)
        {
            var grown = new BestPath[best.Length * 2];
            grown.AsSpan(keep).Fill(new BestPath { Score = float.NegativeInfinity, StartsAt = -1 });
            Array.Copy(best, meet - windowBase, grown, 0, keep);
            state.Best = grown;
        }
        else
        {
            Array.Copy(best, meet - windowBase, best, 0, keep);
            best.AsSpan(keep).Fill(new BestPath { Score = float.NegativeInfinity, StartsAt = -1 });
        }

        state.WindowBase = meet;
    }

    /// <summary>
    /// Relaxes every piece that starts at character start <paramref name="start"/> (all earlier starts done, so its
    /// score is final): the trie is walked byte by byte, and every node where a piece ends offers the position after
    /// that byte a candidate; a character no one-character piece covers gets the unknown piece. Returns the character's
    /// byte length. <paramref name="best"/>[i] is position <paramref name="windowBase"/> + i.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Relax(ReadOnlySpan<byte> text, int start, Span<BestPath> best, int windowBase)
    {
        // Path scores are stored as float; a piece candidate is summed and compared in double (see the class remarks).
        PieceTrie trie = _trie;
        int size = text.Length;
        float scoreTillHere = best[start - windowBase].Score;
        bool hasSingleNode = false;
        int charLength = Math.Min(Utf8.CharLengthFromLead(text[start]), size - start);
        int node = PieceTrie.Root;
        int stop = Math.Min(size, start + trie.MaxDepth);
        for (int pos = start; pos < stop; pos++)
        {
            node = trie.Child(node, text[pos]);
            if (node < 0)
            {
                break;
            }

            if (!trie.EndsPiece(node))
            {
                continue;
            }

            PieceEntry piece = trie.PieceAt(node);
            int length = pos + 1 - start;
            double step = (piece.Piece & PieceTrie.UserDefinedFlag) != 0 ? (length * _maxScore) - 0.1 : piece.Score;
            double candidate = step + scoreTillHere;
            ref BestPath target = ref best[pos + 1 - windowBase];
            if (candidate > target.Score)
            {
                target.Score = (float)candidate;
                target.StartsAt = start;
                target.Id = piece.Piece;
            }

            hasSingleNode |= length == charLength;
        }

        if (!hasSingleNode)
        {
            float candidate = _unknownScore + scoreTillHere;
            ref BestPath target = ref best[start + charLength - windowBase];
            if (candidate > target.Score)
            {
                target.Score = candidate;
                target.StartsAt = start;
                target.Id = UnknownId;
            }
        }

        return charLength;
    }

    /// <summary>
    /// Appends, in order, the pieces of the best path from <paramref name="from"/> back to <paramref name="to"/> (a
    /// position it passes): the back-pointers are counted, then written in place from the back. Ends get
    /// <paramref name="endOffset"/> added; <paramref name="best"/>[i] is position <paramref name="windowBase"/> + i.
    /// </summary>
    private static void AppendPath(Span<BestPath> best, int windowBase, int from, int to, GrowableBuffer<int> ids, GrowableBuffer<int> ends, int endOffset)
    {
        int count = 0;
        for (int end = from; end > to; end = best[end - windowBase].StartsAt)
        {
            count++;
        }

        ids.EnsureCapacity(ids.Count + count);
        ends.EnsureCapacity(ends.Count + count);
        int at = ids.Count + count;
        for (int end = from; end > to; end = best[end - windowBase].StartsAt)
        {
            at--;
            ids[at] = best[end - windowBase].Id & ~PieceTrie.UserDefinedFlag;
            ends[at] = end + endOffset;
        }

        ids.SetCount(ids.Count + count);
        ends.SetCount(ends.Count + count);
    }

    /// <summary>
    /// Segments one word on its own in double arithmetic (the <c>tokenizer.json</c> model), appending its pieces
    /// (unknown pieces unmerged; ends relative to <paramref name="text"/>). The same DP as <see cref="Encode"/>.
    /// </summary>
    public void EncodeWord(ReadOnlySpan<byte> text, ViterbiScratch scratch, GrowableBuffer<int> ids, GrowableBuffer<int> ends)
    {
        int size = text.Length;
        if (size == 0)
        {
            return;
        }

        Span<ExactBestPath> best = scratch.ResetExactPaths(size);
        PieceTrie trie = _trie;
        double unknownScore = _exactUnknownScore;
        int maxDepth = trie.MaxDepth;
        for (int start = 0; start < size;)
        {
            double scoreTillHere = best[start].Score;
            bool hasSingleNode = false;
            int charLength = Math.Min(Utf8.CharLengthFromLead(text[start]), size - start);
            int node = PieceTrie.Root;
            int stop = Math.Min(size, start + maxDepth);
            for (int pos = start; pos < stop; pos++)
            {
                node = trie.Child(node, text[pos]);
                if (node < 0)
                {
                    break;
                }

                if (!trie.EndsPiece(node))
                {
                    continue;
                }

                int piece = trie.PieceAt(node).Piece;
                double candidate = trie.ExactScore(piece) + scoreTillHere;
                ref ExactBestPath target = ref best[pos + 1];
                if (candidate > target.Score)
                {
                    target.Score = candidate;
                    target.StartsAt = start;
                    target.Id = piece;
                }

                hasSingleNode |= pos + 1 - start == charLength;
            }

            if (!hasSingleNode)
            {
                double candidate = unknownScore + scoreTillHere;
                ref ExactBestPath target = ref best[start + charLength];
                if (candidate > target.Score)
                {
                    target.Score = candidate;
                    target.StartsAt = start;
                    target.Id = UnknownId;
                }
            }

            start += charLength;
        }

        int count = 0;
        for (int end = size; end > 0; end = best[end].StartsAt)
        {
            count++;
        }

        ids.EnsureCapacity(ids.Count + count);
        ends.EnsureCapacity(ends.Count + count);
        int at = ids.Count + count;
        for (int end = size; end > 0; end = best[end].StartsAt)
        {
            at--;
            ids[at] = best[end].Id;
            ends[at] = end;
        }

        ids.SetCount(ids.Count + count);
        ends.SetCount(ends.Count + count);
    }

    /// <summary>
    /// What piece <paramref name="id"/> adds to a path score, as <see cref="Replay"/> reads it: its float score; NaN for
    /// the unknown piece (added in float); positive infinity for a user-defined piece (its step depends on its length).
    /// </summary>
    public float StepCode(int id) =>
        id == UnknownId ? float.NaN : _types[id] == PieceType.UserDefined ? float.PositiveInfinity : _scores[id];

    /// <summary>
    /// The path score after pieces with step codes <paramref name="codes"/> (see <see cref="StepCode"/>), ending at
    /// <paramref name="ends"/> (relative to the word), starting from <paramref name="startScore"/>, rounded step by step
    /// exactly as <see cref="Encode"/> rounds it.
    /// </summary>
    public float Replay(ReadOnlySpan<float> codes, ReadOnlySpan<byte> ends, float startScore)
    {
        float score = startScore;
        int begin = 0;
        for (int k = 0; k < codes.Length; k++)
        {
            float code = codes[k];
            int length = ends[k] - begin;
            begin = ends[k];
            score = float.IsNaN(code) ? _unknownScore + score
                : float.IsPositiveInfinity(code) ? (float)((length * _maxScore) - 0.1 + score)
                : (float)(code + (double)score);
        }

        return score;
    }

    /// <summary>
    /// The smallest gap, in exact (double) arithmetic from a zero start score, between the best and the second-best
    /// candidate at any position of <paramref name="text"/>. When the rounding of float path scores cannot move a
    /// candidate by half this gap, the segmentation does not depend on the start score. 0 for exact ties.
    /// </summary>
    public double Margin(ReadOnlySpan<byte> text, ViterbiScratch scratch)
    {
        int size = text.Length;
        scratch.ResetExact(size);
        double[] best = scratch.ExactBest;
        double[] second = scratch.ExactSecond;
        Span<PieceMatch> matches = scratch.EnsureMatches(_trie.MaxDepth);
        for (int start = 0; start < size;)
        {
            double till = best[start];
            bool hasSingleNode = false;
            int charLength = Math.Min(Utf8.CharLengthFromLead(text[start]), size - start);
            int found = _trie.Walk(text, start, matches);
            for (int k = 0; k < found; k++)
            {
                int piece = matches[k].Piece;
                int length = matches[k].End - start;
                Offer(best, second, matches[k].End, ((piece & PieceTrie.UserDefinedFlag) != 0 ? (length * (double)_maxScore) - 0.1 : matches[k].Score) + till);
                hasSingleNode |= length == charLength;
            }

            if (!hasSingleNode)
            {
                Offer(best, second, start + charLength, _unknownScore + till);
            }

            start += charLength;
        }

        double margin = double.PositiveInfinity;
        for (int end = 1; end <= size; end++)
        {
            if (!double.IsNegativeInfinity(second[end]))
            {
                margin = Math.Min(margin, best[end] - second[end]);
            }
        }

        return margin;
    }

    private static void Offer(double[] best, double[] second, int end, double candidate)
    {
        if (candidate > best[end])
        {
            second[end] = best[end];
            best[end] = candidate;
        }
        else if (candidate > second[end])
        {
            second[end] = candidate;
        }
    }
}

using System.Runtime.CompilerServices;

namespace Microsoft.ML.XlmRoberta.Tokenization.SentencePiece;

/// <summary>
/// A static byte trie over the UTF-8 spellings of the segmentation pieces, laid out for locality: one 16-byte record
/// per node (first edge, piece id, score) and one <see cref="int"/> per edge (target node and byte label), with each
/// node's edges contiguous and sorted by label; the root has a direct 256-entry table. When two pieces are spelled
/// alike the one with the larger id wins (a hash map filled in id order, as Hugging Face's <c>token_to_ids</c>).
/// </summary>
internal sealed class PieceTrie
{
    /// <summary>The root node.</summary>
    public const int Root = 0;

    /// <summary>Set in <see cref="Node.Piece"/> for user-defined pieces.</summary>
    public const int UserDefinedFlag = 1 << 30;

    private const int MaxNodes = 1 << 23;

    private readonly int[] _rootChildren = new int[256];
    private readonly Node[] _nodes;
    private readonly int[] _edges;

    /// <summary>
    /// Builds the trie over <paramref name="keys"/>[i] for the pieces <paramref name="include"/> selects;
    /// <paramref name="userDefined"/> marks user-defined pieces.
    /// </summary>
    public PieceTrie(byte[][] keys, double[] scores, Func<int, bool> include, Func<int, bool> userDefined)
    {
        var ids = new List<int>(keys.Length);
        for (int i = 0; i < keys.Length; i++)
        {
            if (include(i))
            {
                ids.Add(i);
            }
        }

        ids.Sort((a, b) =>
        {
            int order = keys[a].AsSpan().SequenceCompareTo(keys[b]);
            return order != 0 ? order : a.CompareTo(b);
        });
        var nodes = new List<Node> { new(0, -1, 0f) };
        var edges = new List<int>();

        // Breadth-first, so that node ids follow queue order: a node is a range of sorted keys sharing a prefix.
        var queue = new Queue<(int Lo, int Hi, int Depth)>();
        queue.Enqueue((0, ids.Count, 0));
        for (int node = 0; queue.Count > 0; node++)
        {
            (int lo, int hi, int depth) = queue.Dequeue();
            int piece = -1;
            double score = 0;
            while (lo + 1 < hi && keys[ids[lo + 1]].Length == depth)
            {
                lo++;
            }

            if (lo < hi && keys[ids[lo]].Length == depth)
            {
                piece = ids[lo] | (userDefined(ids[lo]) ? UserDefinedFlag : 0);
                score = scores[ids[lo]];
                lo++;
            }

            nodes[node] = new Node(edges.Count, piece, score);
            for (int i = lo; i < hi;)
            {
                byte label = keys[ids[i]][depth];
                int j = i + 1;
                while (j < hi && keys[ids[j]][depth] == label)
                {
                    j++;
                }

                if (nodes.Count >= MaxNodes)
                {
                    throw new FormatException($"the vocabulary needs more than {MaxNodes} trie nodes");
                }

                edges.Add((nodes.Count << 8) | label);
                nodes.Add(new Node(0, -1, 0));
                queue.Enqueue((i, j, depth + 1));
                i = j;
            }
        }

        nodes.Add(new Node(edges.Count, -1, 0));
        _nodes = nodes.ToArray();
        _edges = edges.ToArray();
        Array.Fill(_rootChildren, -1);
        for (int e = _nodes[0].FirstEdge; e < _nodes[1].FirstEdge; e++)
        {
            _rootChildren[_edges[e] & 0xFF] = _edges[e] >> 8;
        }
    }

    /// <summary>The piece id at <paramref name="node"/> (with <see cref="UserDefinedFlag"/> for user-defined pieces), or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Piece(int node) => _nodes[node].Piece;

    /// <summary>The score of the piece at <paramref name="node"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Score(int node) => _nodes[node].Score;

    /// <summary>The child of <paramref name="node"/> along <paramref name="label"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Child(int node, byte label)
    {
        if (node == Root)
        {
            return _rootChildren[label];
        }

        int lo = _nodes[node].FirstEdge;
        int hi = _nodes[node + 1].FirstEdge;
        int[] edges = _edges;
        if (hi - lo <= 8)
        {
            for (int e = lo; e < hi; e++)
            {
                if ((byte)edges[e] == label)
                {
                    return edges[e] >> 8;
                }
            }

            return -1;
        }

        hi--;
        while (lo <= hi)
        {
            int mid = (lo + hi) >> 1;
            int m = (byte)edges[mid];
            if (m == label)
            {
                return edges[mid] >> 8;
            }

            if (m < label)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return -1;
    }

    /// <summary>One trie node: where its edges start, the piece ending here (or -1) and that piece's score.</summary>
    private readonly record struct Node(int FirstEdge, int Piece, double Score);
}

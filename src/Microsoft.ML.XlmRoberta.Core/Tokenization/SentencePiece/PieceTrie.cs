using System.Runtime.CompilerServices;

namespace Microsoft.ML.XlmRoberta.Tokenization.SentencePiece;

/// <summary>
/// A static byte trie over the UTF-8 spellings of the vocabulary pieces, laid out in flat arrays: each node's outgoing
/// edges are contiguous and sorted by byte, and the root has a direct 256-entry table.
/// </summary>
internal sealed class PieceTrie
{
    private readonly int[] _rootChildren = new int[256];
    private readonly int[] _firstEdge;
    private readonly byte[] _edgeLabels;
    private readonly int[] _edgeTargets;
    private readonly int[] _values;

    /// <summary>Builds the trie; <paramref name="include"/> selects the pieces that take part in segmentation.</summary>
    public PieceTrie(byte[][] keys, Func<int, bool> include)
    {
        var ids = new List<int>(keys.Length);
        for (int i = 0; i < keys.Length; i++)
        {
            if (include(i))
            {
                ids.Add(i);
            }
        }

        ids.Sort((a, b) => keys[a].AsSpan().SequenceCompareTo(keys[b]));
        var firstEdge = new List<int>();
        var values = new List<int>();
        var labels = new List<byte>();
        var targets = new List<int>();

        // Breadth-first: a node is (range of sorted keys sharing a prefix, depth).
        var queue = new Queue<(int Lo, int Hi, int Depth)>();
        queue.Enqueue((0, ids.Count, 0));
        firstEdge.Add(0);
        values.Add(-1);
        int nextNode = 1;
        int node = 0;
        while (queue.Count > 0)
        {
            (int lo, int hi, int depth) = queue.Dequeue();
            firstEdge[node] = labels.Count;
            if (lo < hi && keys[ids[lo]].Length == depth)
            {
                values[node] = ids[lo];
                lo++;
            }

            int i = lo;
            while (i < hi)
            {
                byte label = keys[ids[i]][depth];
                int j = i + 1;
                while (j < hi && keys[ids[j]][depth] == label)
                {
                    j++;
                }

                labels.Add(label);
                targets.Add(nextNode++);
                firstEdge.Add(0);
                values.Add(-1);
                queue.Enqueue((i, j, depth + 1));
                i = j;
            }

            node++;
        }

        firstEdge.Add(labels.Count);
        _firstEdge = firstEdge.ToArray();
        _edgeLabels = labels.ToArray();
        _edgeTargets = targets.ToArray();
        _values = values.ToArray();
        Array.Fill(_rootChildren, -1);
        for (int e = _firstEdge[0]; e < _firstEdge[1]; e++)
        {
            _rootChildren[_edgeLabels[e]] = _edgeTargets[e];
        }
    }

    /// <summary>The root node.</summary>
    public const int Root = 0;

    /// <summary>The piece id stored at <paramref name="node"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Value(int node) => _values[node];

    /// <summary>The child of <paramref name="node"/> along <paramref name="label"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Child(int node, byte label)
    {
        if (node == Root)
        {
            return _rootChildren[label];
        }

        int lo = _firstEdge[node];
        int hi = _firstEdge[node + 1];
        byte[] labels = _edgeLabels;
        if (hi - lo <= 8)
        {
            for (int e = lo; e < hi; e++)
            {
                if (labels[e] == label)
                {
                    return _edgeTargets[e];
                }
            }

            return -1;
        }

        hi--;
        while (lo <= hi)
        {
            int mid = (lo + hi) >> 1;
            byte m = labels[mid];
            if (m == label)
            {
                return _edgeTargets[mid];
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
}

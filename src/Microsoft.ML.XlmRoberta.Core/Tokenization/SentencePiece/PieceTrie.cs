using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Microsoft.ML.XlmRoberta.Tokenization.SentencePiece;

/// <summary>A piece found by <see cref="PieceTrie.Walk"/>: where it ends, its id (with flags) and its float score.</summary>
internal readonly record struct PieceMatch(int End, int Piece, float Score);

/// <summary>The piece that ends at a trie node: its id (with flags, -1 for none) and its float score.</summary>
internal readonly record struct PieceEntry(int Piece, float Score);

/// <summary>
/// A static byte trie over the UTF-8 spellings of the segmentation pieces, as a double array: node n's child along
/// byte b is cell <c>Base(n) + b</c> when that cell's <c>Check</c> is n, so one step of a walk reads one 8-byte cell. When two pieces are spelled alike the one
/// with the larger id wins (a hash map filled in id order, as Hugging Face's <c>token_to_ids</c>).
/// </summary>
internal sealed class PieceTrie
{
    /// <summary>The root node.</summary>
    public const int Root = 0;

    /// <summary>Set in <see cref="PieceMatch.Piece"/> for user-defined pieces.</summary>
    public const int UserDefinedFlag = 1 << 30;

    private const int Free = -1;
    private const int RootCheck = -2;

    /// <summary>Set in <see cref="Cell.Base"/> when a piece ends at the node.</summary>
    private const int HasPiece = 1 << 31;

    private readonly Cell[] _cells;
    private readonly PieceEntry[] _pieces;
    private readonly double[] _scores;

    /// <summary>
    /// Builds the trie over <paramref name="keys"/>[i] for the pieces <paramref name="include"/> selects;
    /// <paramref name="userDefined"/> marks user-defined pieces.
    /// </summary>
    public PieceTrie(PieceKeys keys, double[] scores, Func<int, bool> include, Func<int, bool> userDefined)
    {
        _scores = scores;
        var order = new List<int>(keys.Count);
        for (int i = 0; i < keys.Count; i++)
        {
            if (include(i))
            {
                order.Add(i);
            }
        }

        int[] ids = order.ToArray();
        var scratch = new int[ids.Length];
        byte[] bytes = keys.Bytes;
        int[] starts = keys.Starts;
        var builder = new Builder(Math.Max(1024, bytes.Length / 2));

        // Breadth-first, most-significant-byte radix partitioning: a node is a range of ids (kept in id order within
        // each bucket) whose keys share its prefix; no comparison sort is needed.
        var queue = new Queue<(int Lo, int Hi, int Depth, int Unit)>();
        queue.Enqueue((0, ids.Length, 0, Root));
        Span<byte> labels = stackalloc byte[256];
        Span<int> counts = stackalloc int[257];
        while (queue.Count > 0)
        {
            (int lo, int hi, int depth, int unit) = queue.Dequeue();
            int terminals = Partition(ids, scratch, lo, hi, depth, bytes, starts, counts);
            if (terminals > 0)
            {
                // Several pieces spelled alike: the last (largest id) wins.
                int piece = ids[lo + terminals - 1];
                builder.Units[unit].Piece = piece | (userDefined(piece) ? UserDefinedFlag : 0);
                builder.Units[unit].Score = (float)scores[piece];
                lo += terminals;
            }

            int count = 0;
            for (int i = lo; i < hi; i++)
            {
                byte label = bytes[starts[ids[i]] + depth];
                if (count == 0 || labels[count - 1] != label)
                {
                    labels[count++] = label;
                }
            }

            if (count == 0)
            {
                continue;
            }

            int baseIndex = builder.Place(unit, labels.Slice(0, count));
            for (int i = lo; i < hi;)
            {
                byte label = bytes[starts[ids[i]] + depth];
                int j = i + 1;
                while (j < hi && bytes[starts[ids[j]] + depth] == label)
                {
                    j++;
                }

                queue.Enqueue((i, j, depth + 1, baseIndex + label));
                i = j;
            }
        }

        Unit[] units = builder.Finish();
        _cells = new Cell[units.Length];
        _pieces = new PieceEntry[units.Length];
        for (int i = 0; i < units.Length; i++)
        {
            _cells[i] = new Cell(units[i].Base | (units[i].Piece >= 0 ? HasPiece : 0), units[i].Check);
            _pieces[i] = new PieceEntry(units[i].Piece, units[i].Score);
        }

        for (int i = 0; i < keys.Count; i++)
        {
            MaxDepth = Math.Max(MaxDepth, keys.Length(i));
        }
    }

    /// <summary>
    /// Stably reorders <c>ids[lo..hi)</c>: keys that end at <paramref name="depth"/> first, then by their byte at
    /// <paramref name="depth"/>. Returns the number of keys that end there.
    /// </summary>
    private static int Partition(int[] ids, int[] scratch, int lo, int hi, int depth, byte[] bytes, int[] starts, Span<int> counts)
    {
        int n = hi - lo;
        if (n == 1)
        {
            return LabelAt(ids[lo], depth, bytes, starts) < 0 ? 1 : 0;
        }

        if (n <= 24)
        {
            // Insertion sort (stable) on (ends here ? -1 : byte); most nodes hold a handful of keys.
            for (int i = lo + 1; i < hi; i++)
            {
                int id = ids[i];
                int key = LabelAt(id, depth, bytes, starts);
                int j = i - 1;
                while (j >= lo && LabelAt(ids[j], depth, bytes, starts) > key)
                {
                    ids[j + 1] = ids[j];
                    j--;
                }

                ids[j + 1] = id;
            }

            int t = 0;
            while (lo + t < hi && LabelAt(ids[lo + t], depth, bytes, starts) < 0)
            {
                t++;
            }

            return t;
        }

        // Counting sort: bucket 0 for keys ending here, 1 + b for byte b.
        counts.Clear();
        for (int i = lo; i < hi; i++)
        {
            counts[LabelAt(ids[i], depth, bytes, starts) + 1]++;
        }

        int terminals = counts[0];
        int offset = lo;
        for (int b = 0; b < 257; b++)
        {
            int c = counts[b];
            counts[b] = offset;
            offset += c;
        }

        for (int i = lo; i < hi; i++)
        {
            int id = ids[i];
            scratch[counts[LabelAt(id, depth, bytes, starts) + 1]++] = id;
        }

        Array.Copy(scratch, lo, ids, lo, n);
        return terminals;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int LabelAt(int id, int depth, byte[] bytes, int[] starts)
    {
        int at = starts[id] + depth;
        return at < starts[id + 1] ? bytes[at] : -1;
    }

    /// <summary>The exact score of piece <paramref name="piece"/> as given (a <c>tokenizer.json</c> score is a double).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double ExactScore(int piece) => _scores[piece];

    /// <summary>The length in bytes of the longest piece (the most matches one walk can find).</summary>
    public int MaxDepth { get; }

    /// <summary>
    /// Finds every piece that starts at <paramref name="start"/> of <paramref name="text"/>, shortest first, into
    /// <paramref name="matches"/> (at least <see cref="MaxDepth"/> long); returns how many.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Walk(ReadOnlySpan<byte> text, int start, Span<PieceMatch> matches)
    {
        // Every base leaves 256 cells of room after it and a walk is at most MaxDepth long, so no index leaves its array.
        ref Cell cells = ref MemoryMarshal.GetArrayDataReference(_cells);
        ref PieceEntry pieces = ref MemoryMarshal.GetArrayDataReference(_pieces);
        ref byte bytes = ref MemoryMarshal.GetReference(text);
        ref PieceMatch found = ref MemoryMarshal.GetReference(matches);
        int count = 0;
        int node = Root;
        int stop = Math.Min(text.Length, start + MaxDepth);
        for (int pos = start; pos < stop; pos++)
        {
            int target = (Unsafe.Add(ref cells, node).Base & ~HasPiece) + Unsafe.Add(ref bytes, pos);
            Cell cell = Unsafe.Add(ref cells, target);
            if (cell.Check != node)
            {
                break;
            }

            node = target;
            if (cell.Base < 0)
            {
                ref PieceEntry piece = ref Unsafe.Add(ref pieces, target);
                Unsafe.Add(ref found, count++) = new PieceMatch(pos + 1, piece.Piece, piece.Score);
            }
        }

        return count;
    }

    /// <summary>
    /// The child of <paramref name="node"/> along byte <paramref name="label"/>, or -1. A lookup reads the parent's base
    /// and one cell: the child is the cell at base + label if and only if that cell names the parent in its check
    /// (another node's child may sit there; the check tells them apart).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Child(int node, byte label)
    {
        // Every base leaves 256 cells of room after it, so base + label never leaves the array.
        ref Cell cells = ref MemoryMarshal.GetArrayDataReference(_cells);
        int target = (Unsafe.Add(ref cells, node).Base & ~HasPiece) + label;
        return Unsafe.Add(ref cells, target).Check == node ? target : -1;
    }

    /// <summary>Whether a piece ends at <paramref name="node"/> (a node returned by <see cref="Child"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool EndsPiece(int node) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_cells), node).Base < 0;

    /// <summary>The piece ending at <paramref name="node"/> (id with <see cref="UserDefinedFlag"/>) and its float score.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref readonly PieceEntry PieceAt(int node) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_pieces), node);

    /// <summary>
    /// One double-array cell as searched: the base of its children (with <see cref="HasPiece"/>) and its parent. Eight
    /// bytes, so the hot part of the trie stays in cache; the piece id and score sit in a parallel array read only on a match.
    /// </summary>
    private readonly record struct Cell(int Base, int Check);

    /// <summary>One double-array unit while building: the base of its children, its parent, the piece ending here and its score.</summary>
    private struct Unit
    {
        public int Base;
        public int Check;
        public int Piece;
        public float Score;
    }

    /// <summary>Grows the unit array and finds free bases, with a linked list of free units.</summary>
    private sealed class Builder
    {
        private const int MaxRejections = 8;

        private int[] _nextFree;
        private int[] _previousFree;
        private byte[] _rejections;
        private int _firstFree;
        private int _lastFree;
        private int _used;

        public Builder(int capacity)
        {
            Units = new Unit[Math.Max(capacity, 1024)];
            _nextFree = new int[Units.Length];
            _previousFree = new int[Units.Length];
            _rejections = new byte[Units.Length];
            LinkFree(0, Units.Length);
            _firstFree = 0;
            _lastFree = Units.Length - 1;
            Take(Root);
            Units[Root].Check = RootCheck;
            Units[Root].Piece = -1;
        }

        public Unit[] Units { get; private set; }

        /// <summary>
        /// Chooses a base for <paramref name="parent"/> whose children along <paramref name="labels"/> are free, and claims
        /// them. Candidates come from the free list: each free cell is tried as the first label's child (base = cell -
        /// labels[0]), and the base fits when every other label's cell is free too. First fit keeps the array dense.
        /// </summary>
        public int Place(int parent, ReadOnlySpan<byte> labels)
        {
            int baseIndex;
            for (int cell = _firstFree; ; )
            {
                EnsureCapacity(cell + 512);
                if (_nextFree[cell] < 0)
                {
                    EnsureCapacity(Units.Length + 1);
                }

                int next = _nextFree[cell];
                baseIndex = cell - labels[0];
                bool fits = baseIndex >= 1;
                for (int k = 1; k < labels.Length && fits; k++)
                {
                    EnsureCapacity(baseIndex + labels[k] + 512);
                    fits = Units[baseIndex + labels[k]].Check == Free;
                }

                if (fits)
                {
                    break;
                }

                // A free unit that keeps failing as a first child is dropped from the search (it stays free).
                if (labels.Length > 1 && ++_rejections[cell] >= MaxRejections)
                {
                    Unlink(cell);
                }

                cell = next;
            }

            Units[parent].Base = baseIndex;
            foreach (byte label in labels)
            {
                int child = baseIndex + label;
                Take(child);
                Units[child].Check = parent;
                Units[child].Piece = -1;
            }

            return baseIndex;
        }

        /// <summary>The units, with 256 spare units after the last base so that a lookup never leaves the array.</summary>
        public Unit[] Finish()
        {
            int length = _used + 257;
            var result = new Unit[length];
            Array.Copy(Units, result, Math.Min(length, Units.Length));
            for (int i = 0; i < length; i++)
            {
                if (result[i].Check == Free || i >= Units.Length)
                {
                    result[i] = new Unit { Base = 0, Check = Free, Piece = -1 };
                }
            }

            return result;
        }

        private void Take(int cell)
        {
            Unlink(cell);
            _used = Math.Max(_used, cell + 1);
        }

        private void Unlink(int cell)
        {
            if (_previousFree[cell] < 0 && _firstFree != cell)
            {
                return; // not in the list (already taken or dropped)
            }

            int next = _nextFree[cell];
            int previous = _previousFree[cell];
            if (previous >= 0)
            {
                _nextFree[previous] = next;
            }
            else
            {
                _firstFree = next;
            }

            if (next >= 0)
            {
                _previousFree[next] = previous;
            }
            else
            {
                _lastFree = previous;
            }

            _nextFree[cell] = -1;
            _previousFree[cell] = -1;
        }

        private void EnsureCapacity(int size)
        {
            if (size <= Units.Length)
            {
                return;
            }

            int old = Units.Length;
            int capacity = Math.Max(size, old * 2);
            Units = GrowUnits(Units, capacity);
            Array.Resize(ref _nextFree, capacity);
            Array.Resize(ref _previousFree, capacity);
            Array.Resize(ref _rejections, capacity);

            // Append the new units to the free list.
            int last = _lastFree;
            LinkFree(old, capacity);
            if (last >= 0)
            {
                _nextFree[last] = old;
                _previousFree[old] = last;
            }
            else
            {
                _firstFree = old;
            }

            _lastFree = capacity - 1;
        }

        private static Unit[] GrowUnits(Unit[] units, int capacity)
        {
            var grown = new Unit[capacity];
            Array.Copy(units, grown, units.Length);
            for (int i = units.Length; i < capacity; i++)
            {
                grown[i].Check = Free;
            }

            return grown;
        }

        private void LinkFree(int from, int to)
        {
            for (int i = from; i < to; i++)
            {
                _nextFree[i] = i + 1 < to ? i + 1 : -1;
                _previousFree[i] = i - 1;
                Units[i].Check = Free;
            }

            _previousFree[from] = -1;
        }
    }
}

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
    /// Builds the trie over <paramref name="keys"/>[i]: with <paramref name="types"/>, the normal and user-defined pieces
    /// (the latter flagged); without, every piece.
    /// </summary>
    public PieceTrie(PieceKeys keys, double[] scores, PieceType[]? types)
    {
        _scores = scores;
        byte[] bytes = keys.Bytes;
        int[] starts = keys.Starts;
        var refs = new KeyRef[keys.Count];
        int n = 0;
        for (int i = 0; i < keys.Count; i++)
        {
            int length = starts[i + 1] - starts[i];
            MaxDepth = Math.Max(MaxDepth, length);
            if (types is null || types[i] is PieceType.Normal or PieceType.UserDefined)
            {
                refs[n++] = new KeyRef(i, starts[i], length);
            }
        }

        var partition = new NodePartition(refs, n, bytes);
        var builder = new Builder((bytes.Length / 3) + 1024);

        // Depth-first, most-significant-byte radix partitioning: a node is a range of keys that share its prefix. Each
        // node's labels are read once into a contiguous array (one scattered read per key and depth), and a subtree's
        // keys stay in cache while it is built; no comparison sort is needed.
        var stack = new Stack<(int Lo, int Hi, int Depth, int Unit)>();
        stack.Push((0, n, 0, Root));
        Span<byte> labels = stackalloc byte[256];
        short[] sorted = partition.Labels;
        while (stack.Count > 0)
        {
            (int lo, int hi, int depth, int unit) = stack.Pop();
            if (hi - lo == 1)
            {
                // One key left: the rest of it is a chain of single children.
                KeyRef key = refs[lo];
                for (; depth < key.Length; depth++)
                {
                    labels[0] = bytes[key.Start + depth];
                    unit = builder.Place(unit, labels.Slice(0, 1)) + labels[0];
                }

                builder.SetPiece(unit, key.Id | (IsUserDefined(types, key.Id) ? UserDefinedFlag : 0), (float)scores[key.Id]);
                continue;
            }

            int terminals = partition.Sort(lo, hi, depth);
            if (terminals > 0)
            {
                // Several pieces spelled alike: the largest id wins.
                int piece = -1;
                for (int i = lo; i < lo + terminals; i++)
                {
                    piece = Math.Max(piece, refs[i].Id);
                }

                builder.SetPiece(unit, piece | (IsUserDefined(types, piece) ? UserDefinedFlag : 0), (float)scores[piece]);
                lo += terminals;
            }

            int count = 0;
            for (int i = lo; i < hi; i++)
            {
                if (count == 0 || labels[count - 1] != sorted[i])
                {
                    labels[count++] = (byte)sorted[i];
                }
            }

            if (count == 0)
            {
                continue;
            }

            int baseIndex = builder.Place(unit, labels.Slice(0, count));

            // Children pushed last to first, so that the first is built next.
            for (int i = hi; i > lo;)
            {
                short label = sorted[i - 1];
                int j = i - 1;
                while (j > lo && sorted[j - 1] == label)
                {
                    j--;
                }

                stack.Push((j, i, depth + 1, baseIndex + label));
                i = j;
            }
        }

        (_cells, _pieces) = builder.Finish();

    }

    private static bool IsUserDefined(PieceType[]? types, int piece) => types is not null && types[piece] == PieceType.UserDefined;

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

    /// <summary>A key being placed: its piece id and where its bytes are.</summary>
    private readonly record struct KeyRef(int Id, int Start, int Length);

    /// <summary>
    /// The keys being placed, reordered range by range: <see cref="Sort"/> groups a node's keys by their byte at its
    /// depth, and leaves those bytes in <see cref="Labels"/> (aligned with the keys; -1 where a key ends).
    /// </summary>
    private sealed class NodePartition
    {
        private readonly KeyRef[] _keys;
        private readonly KeyRef[] _scratchKeys;
        private readonly short[] _scratchLabels;
        private readonly byte[] _bytes;

        public NodePartition(KeyRef[] keys, int count, byte[] bytes)
        {
            _keys = keys;
            _bytes = bytes;
            _scratchKeys = new KeyRef[count];
            _scratchLabels = new short[count];
            Labels = new short[count];
        }

        public short[] Labels { get; }

        /// <summary>
        /// Reorders the keys in <c>[lo, hi)</c>: those that end at <paramref name="depth"/> first, then by their byte
        /// there. Returns how many end there.
        /// </summary>
        public int Sort(int lo, int hi, int depth)
        {
            KeyRef[] keys = _keys;
            short[] labels = Labels;
            byte[] bytes = _bytes;
            for (int i = lo; i < hi; i++)
            {
                KeyRef key = keys[i];
                labels[i] = depth < key.Length ? bytes[key.Start + depth] : (short)-1;
            }

            if (hi - lo <= 32)
            {
                // Insertion sort: most nodes hold a handful of keys.
                for (int i = lo + 1; i < hi; i++)
                {
                    KeyRef key = keys[i];
                    short label = labels[i];
                    int j = i - 1;
                    while (j >= lo && labels[j] > label)
                    {
                        keys[j + 1] = keys[j];
                        labels[j + 1] = labels[j];
                        j--;
                    }

                    keys[j + 1] = key;
                    labels[j + 1] = label;
                }

                int t = 0;
                while (lo + t < hi && labels[lo + t] < 0)
                {
                    t++;
                }

                return t;
            }

            // Counting sort: bucket 0 for keys ending here, 1 + b for byte b.
            Span<int> counts = stackalloc int[257];
            counts.Clear();
            for (int i = lo; i < hi; i++)
            {
                counts[labels[i] + 1]++;
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
                int at = counts[labels[i] + 1]++;
                _scratchKeys[at] = keys[i];
                _scratchLabels[at] = labels[i];
            }

            Array.Copy(_scratchKeys, lo, keys, lo, hi - lo);
            Array.Copy(_scratchLabels, lo, labels, lo, hi - lo);
            return terminals;
        }
    }

    /// <summary>
    /// One double-array cell as searched: the base of its children (with <see cref="HasPiece"/>) and its parent. Eight
    /// bytes, so the hot part of the trie stays in cache; the piece id and score sit in a parallel array read only on a match.
    /// </summary>
    private struct Cell
    {
        public int Base;
        public int Check;
    }

    /// <summary>
    /// Grows the cell and piece arrays (which become the trie's own, so nothing is copied at the end) and finds free bases,
    /// with a linked list of free cells.
    /// </summary>
    private sealed class Builder
    {
        private const int MaxRejections = 8;

        private int[] _nextFree;
        private int[] _previousFree;
        private byte[] _rejections;
        private int _firstFree;
        private int _lastFree;
        private int _used;

        private Cell[] _cells;
        private PieceEntry[] _pieces;

        public Builder(int capacity)
        {
            _cells = new Cell[Math.Max(capacity, 1024)];
            _pieces = new PieceEntry[_cells.Length];
            _nextFree = new int[_cells.Length];
            _previousFree = new int[_cells.Length];
            _rejections = new byte[_cells.Length];
            LinkFree(0, _cells.Length);
            _firstFree = 0;
            _lastFree = _cells.Length - 1;
            Take(Root);
            _cells[Root].Check = RootCheck;
            _pieces[Root] = new PieceEntry(-1, 0);
        }

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
                    EnsureCapacity(_cells.Length + 1);
                }

                int next = _nextFree[cell];
                baseIndex = cell - labels[0];
                bool fits = baseIndex >= 1;
                for (int k = 1; k < labels.Length && fits; k++)
                {
                    EnsureCapacity(baseIndex + labels[k] + 512);
                    fits = _cells[baseIndex + labels[k]].Check == Free;
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

            _cells[parent].Base = baseIndex;
            foreach (byte label in labels)
            {
                int child = baseIndex + label;
                Take(child);
                _cells[child].Check = parent;
                _pieces[child] = new PieceEntry(-1, 0);
            }

            return baseIndex;
        }

        /// <summary>Records the piece that ends at <paramref name="unit"/>.</summary>
        public void SetPiece(int unit, int piece, float score) => _pieces[unit] = new PieceEntry(piece, score);

        /// <summary>
        /// The cells (with <see cref="HasPiece"/> set where a piece ends) and pieces. Every cell ever taken lies at least 256
        /// cells before the end (see <see cref="EnsureCapacity"/>'s callers), so a lookup never leaves the arrays; free
        /// cells have base 0 and no parent.
        /// </summary>
        public (Cell[] Cells, PieceEntry[] Pieces) Finish()
        {
            for (int i = 0; i < _used; i++)
            {
                if (_cells[i].Check != Free && _pieces[i].Piece >= 0)
                {
                    _cells[i].Base |= HasPiece;
                }
            }

            return (_cells, _pieces);
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
            if (size <= _cells.Length)
            {
                return;
            }

            int old = _cells.Length;
            int capacity = Math.Max(size, old * 2);
            Array.Resize(ref _cells, capacity);
            Array.Resize(ref _pieces, capacity);
            Array.Resize(ref _nextFree, capacity);
            Array.Resize(ref _previousFree, capacity);
            Array.Resize(ref _rejections, capacity);

            // Append the new cells to the free list.
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

        private void LinkFree(int from, int to)
        {
            for (int i = from; i < to; i++)
            {
                _nextFree[i] = i + 1 < to ? i + 1 : -1;
                _previousFree[i] = i - 1;
                _cells[i].Check = Free;
            }

            _previousFree[from] = -1;
        }
    }
}

namespace Microsoft.ML.XlmRoberta.Tokenization.SentencePiece;

/// <summary>
/// A bounded cache from a normalized word (the UTF-8 bytes from one U+2581 up to the next) to its segmentation
/// (piece ids and end offsets relative to the word, unknown pieces unmerged) and that segmentation's
/// <see cref="UnigramModel.Margin"/>, which tells the caller whether the entry is valid for a given start score. The margin
/// costs a second search, so it is computed on a word's first reuse, not when the word is first seen. Open addressing over flat arrays; when full it is emptied, so
/// lookups and inserts never allocate once the arrays exist.
/// </summary>
internal sealed class WordCache
{
    /// <summary>Longer words are segmented every time.</summary>
    public const int MaxWordBytes = 128;

    private const int Capacity = 1 << 15;
    private const int BucketCount = Capacity * 2;

    private readonly int[] _buckets = new int[BucketCount];
    private readonly int[] _hashes = new int[Capacity];
    private readonly int[] _keyStart = new int[Capacity];
    private readonly int[] _keyLength = new int[Capacity];
    private readonly int[] _valueStart = new int[Capacity];
    private readonly int[] _valueLength = new int[Capacity];
    private readonly double[] _margins = new double[Capacity];
    private readonly byte[] _keys = new byte[Capacity * 16];
    private readonly int[] _values = new int[Capacity * 8];
    private int _count;
    private int _keyUsed;
    private int _valueUsed;

    /// <summary>Looks up <paramref name="word"/>; on a hit, <paramref name="ids"/> and <paramref name="ends"/> hold its pieces.</summary>
    public bool TryGet(ReadOnlySpan<byte> word, out ReadOnlySpan<int> ids, out ReadOnlySpan<int> ends, out int entry)
    {
        int hash = Hash(word);
        int bucket = hash & (BucketCount - 1);
        while (true)
        {
            entry = _buckets[bucket] - 1;
            if (entry < 0)
            {
                break;
            }

            if (_hashes[entry] == hash && word.SequenceEqual(_keys.AsSpan(_keyStart[entry], _keyLength[entry])))
            {
                int n = _valueLength[entry];
                ids = _values.AsSpan(_valueStart[entry], n);
                ends = _values.AsSpan(_valueStart[entry] + n, n);
                return true;
            }

            bucket = (bucket + 1) & (BucketCount - 1);
        }

        ids = default;
        ends = default;
        return false;
    }

    /// <summary>Stores the segmentation of <paramref name="word"/> (the caller checked that it is absent).</summary>
    public void Add(ReadOnlySpan<byte> word, ReadOnlySpan<int> ids, ReadOnlySpan<int> ends)
    {
        if (word.Length > MaxWordBytes)
        {
            return;
        }

        if (_count == Capacity || _keyUsed + word.Length > _keys.Length || _valueUsed + (2 * ids.Length) > _values.Length)
        {
            Array.Clear(_buckets);
            _count = 0;
            _keyUsed = 0;
            _valueUsed = 0;
        }

        int hash = Hash(word);
        int bucket = hash & (BucketCount - 1);
        while (_buckets[bucket] != 0)
        {
            bucket = (bucket + 1) & (BucketCount - 1);
        }

        int entry = _count++;
        _buckets[bucket] = entry + 1;
        _hashes[entry] = hash;
        _keyStart[entry] = _keyUsed;
        _keyLength[entry] = word.Length;
        word.CopyTo(_keys.AsSpan(_keyUsed));
        _keyUsed += word.Length;
        _valueStart[entry] = _valueUsed;
        _valueLength[entry] = ids.Length;
        _margins[entry] = double.NaN;
        ids.CopyTo(_values.AsSpan(_valueUsed));
        ends.CopyTo(_values.AsSpan(_valueUsed + ids.Length));
        _valueUsed += 2 * ids.Length;
    }

    /// <summary>The margin of an entry found by <see cref="TryGet"/>; NaN until <see cref="SetMargin"/> is called.</summary>
    public double GetMargin(int entry) => _margins[entry];

    /// <summary>Records the margin of an entry found by <see cref="TryGet"/>.</summary>
    public void SetMargin(int entry, double margin) => _margins[entry] = margin;

    private static int Hash(ReadOnlySpan<byte> word)
    {
        uint h = 2166136261;
        foreach (byte b in word)
        {
            h = (h ^ b) * 16777619;
        }

        return (int)(h ^ (h >> 15));
    }
}

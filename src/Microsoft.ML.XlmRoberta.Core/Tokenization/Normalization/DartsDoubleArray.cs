namespace Microsoft.ML.XlmRoberta.Tokenization.Normalization;

/// <summary>
/// A read-only Darts-clone double-array trie over bytes, as stored in SentencePiece's precompiled character map.
/// Each unit is a little-endian <see cref="uint"/>; the layout (label, has-leaf bit, offset, value) is Darts-clone's.
/// </summary>
internal sealed class DartsDoubleArray
{
    private readonly uint[] _units;

    public DartsDoubleArray(ReadOnlySpan<byte> blob)
    {
        if (blob.Length == 0 || blob.Length % 4 != 0)
        {
            throw new FormatException($"double-array trie blob has {blob.Length} bytes, not a positive multiple of 4");
        }

        _units = new uint[blob.Length / 4];
        for (int i = 0; i < _units.Length; i++)
        {
            _units[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(blob.Slice(i * 4, 4));
        }
    }

    /// <summary>
    /// Finds the longest key that is a prefix of <paramref name="key"/> among the first <paramref name="maxResults"/>
    /// prefix matches (Darts' <c>commonPrefixSearch</c> followed by SentencePiece's longest pick).
    /// </summary>
    /// <returns>The byte length of the longest matching key, or 0 when no key matches.</returns>
    public int LongestPrefix(ReadOnlySpan<byte> key, int maxResults, out int value) =>
        PrefixSearch(key, maxResults, shortest: false, out value);

    /// <summary>
    /// The value of the shortest key that is a prefix of <paramref name="key"/>, stopping at a NUL byte (the first result
    /// of <c>spm_precompiled</c>'s <c>common_prefix_search</c>, which Hugging Face's <c>Precompiled</c> normalizer uses).
    /// </summary>
    /// <returns>False when no key is a prefix.</returns>
    public bool ShortestPrefix(ReadOnlySpan<byte> key, out int value)
    {
        int end = key.IndexOf((byte)0);
        return PrefixSearch(end < 0 ? key : key.Slice(0, end), int.MaxValue, shortest: true, out value) > 0;
    }

    /// <summary>Walks <paramref name="key"/>; returns the length of the chosen matching key (0 for none).</summary>
    private int PrefixSearch(ReadOnlySpan<byte> key, int maxResults, bool shortest, out int value)
    {
        uint[] units = _units;
        value = 0;
        int chosen = 0;
        int found = 0;
        uint id = Offset(units[0]);
        for (int i = 0; i < key.Length; i++)
        {
            byte b = key[i];
            id ^= b;
            if ((uint)id >= (uint)units.Length)
            {
                break;
            }

            uint unit = units[id];
            if ((unit & ((1U << 31) | 0xFF)) != b)
            {
                break;
            }

            id ^= Offset(unit);
            if (((unit >> 8) & 1) == 1)
            {
                if (found < maxResults && (uint)id < (uint)units.Length)
                {
                    chosen = i + 1;
                    value = (int)(units[id] & 0x7FFFFFFF);
                    if (shortest)
                    {
                        return chosen;
                    }
                }

                found++;
            }
        }

        return chosen;
    }

    /// <summary>Whether some key starts with <paramref name="prefix"/>.</summary>
    public bool HasKeyStartingWith(ReadOnlySpan<byte> prefix) => Walk(prefix, out _, out _);

    /// <summary>
    /// Follows <paramref name="prefix"/>. Returns false when no key starts with it; otherwise tells whether it is itself a
    /// key and marks in <paramref name="next"/> (256 entries) every byte that follows it in a longer key.
    /// </summary>
    public bool Follow(ReadOnlySpan<byte> prefix, out bool isKey, Span<bool> next)
    {
        if (!Walk(prefix, out uint id, out isKey))
        {
            return false;
        }

        // A child along byte x sits at id ^ x and carries x as its label (a leaf has bit 31 set, so it never matches).
        uint[] units = _units;
        for (uint x = 1; x < 256; x++)
        {
            uint child = id ^ x;
            if (child < (uint)units.Length && (units[child] & ((1U << 31) | 0xFF)) == x)
            {
                next[(int)x] = true;
            }
        }

        return true;
    }

    /// <summary>
    /// Walks <paramref name="prefix"/> from the root: false when no key starts with it; otherwise the node after it and
    /// whether the prefix is itself a key.
    /// </summary>
    private bool Walk(ReadOnlySpan<byte> prefix, out uint node, out bool isKey)
    {
        uint[] units = _units;
        isKey = false;
        node = Offset(units[0]);
        foreach (byte b in prefix)
        {
            node ^= b;
            if (node >= (uint)units.Length || (units[node] & ((1U << 31) | 0xFF)) != b)
            {
                return false;
            }

            isKey = ((units[node] >> 8) & 1) == 1;
            node ^= Offset(units[node]);
        }

        return true;
    }

    private static uint Offset(uint unit) => (unit >> 10) << (int)((unit & (1U << 9)) >> 6);
}

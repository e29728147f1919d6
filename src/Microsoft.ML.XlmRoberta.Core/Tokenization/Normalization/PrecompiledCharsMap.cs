namespace Microsoft.ML.XlmRoberta.Tokenization.Normalization;

/// <summary>
/// SentencePiece's precompiled normalization rules (<c>NormalizerSpec.precompiled_charsmap</c>): a little-endian
/// <c>uint32</c> trie size, a Darts double-array trie from UTF-8 source sequences to offsets, then the NUL-terminated
/// UTF-8 replacement strings.
/// </summary>
internal sealed class PrecompiledCharsMap
{
    /// <summary>SentencePiece keeps at most this many prefix matches when it looks for the longest rule.</summary>
    private const int MaxTrieResults = 32;

    private readonly DartsDoubleArray _trie;
    private readonly byte[] _normalized;

    public PrecompiledCharsMap(ReadOnlySpan<byte> blob)
    {
        if (blob.Length <= 4)
        {
            throw new FormatException($"precompiled charsmap has only {blob.Length} bytes");
        }

        uint trieSize = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(blob);
        if (trieSize >= (uint)(blob.Length - 4))
        {
            throw new FormatException($"precompiled charsmap declares a trie of {trieSize} bytes but holds only {blob.Length - 4}");
        }

        _trie = new DartsDoubleArray(blob.Slice(4, (int)trieSize));
        _normalized = blob.Slice(4 + (int)trieSize).ToArray();
    }

    /// <summary>
    /// Looks up the longest rule matching the start of <paramref name="input"/>.
    /// </summary>
    /// <param name="input">UTF-8 text.</param>
    /// <param name="replacement">The replacement bytes (possibly empty) when a rule matched.</param>
    /// <returns>The number of input bytes the rule consumes, or 0 when no rule matches.</returns>
    public int Match(ReadOnlySpan<byte> input, out ReadOnlySpan<byte> replacement)
    {
        int length = _trie.LongestPrefix(input, MaxTrieResults, out int value);
        if (length == 0)
        {
            replacement = default;
            return 0;
        }

        if ((uint)value >= (uint)_normalized.Length)
        {
            replacement = default;
            return length;
        }

        replacement = ReplacementAt(value);
        return length;
    }

    /// <summary>
    /// Hugging Face's <c>Precompiled.transform</c>: the replacement of the shortest rule that is a prefix of
    /// <paramref name="chunk"/>, whether or not that rule covers the whole chunk.
    /// </summary>
    /// <returns>False when no rule matches.</returns>
    public bool MatchShortest(ReadOnlySpan<byte> chunk, out ReadOnlySpan<byte> replacement)
    {
        if (!_trie.ShortestPrefix(chunk, out int value))
        {
            replacement = default;
            return false;
        }

        replacement = (uint)value < (uint)_normalized.Length ? ReplacementAt(value) : default;
        return true;
    }

    /// <summary>Whether some rule starts with the bytes <paramref name="prefix"/>.</summary>
    public bool HasRuleStartingWith(ReadOnlySpan<byte> prefix) => _trie.HasKeyStartingWith(prefix);

    /// <summary>
    /// Whether some rule starts with <paramref name="prefix"/>; if so, whether one is exactly <paramref name="prefix"/>,
    /// and (marked in <paramref name="next"/>) the bytes that follow it in longer rules.
    /// </summary>
    public bool FollowRules(ReadOnlySpan<byte> prefix, out bool isRule, Span<bool> next) => _trie.Follow(prefix, out isRule, next);

    private ReadOnlySpan<byte> ReplacementAt(int value)
    {
        ReadOnlySpan<byte> rest = _normalized.AsSpan(value);
        int end = rest.IndexOf((byte)0);
        return end < 0 ? rest : rest.Slice(0, end);
    }
}

using System.Buffers;
using System.Globalization;
using System.Text;

namespace Microsoft.ML.XlmRoberta.Tokenization.Normalization;

/// <summary>When Hugging Face's Metaspace pre-tokenizer puts U+2581 in front of a text piece.</summary>
internal enum MetaspacePrepend
{
    /// <summary>Every piece that does not already start with U+2581 (<c>add_prefix_space: true</c>, <c>"always"</c>).</summary>
    Always,

    /// <summary>Only the piece that starts the text (<c>"first"</c>).</summary>
    First,

    /// <summary>Never (<c>add_prefix_space: false</c>, <c>"never"</c>).</summary>
    Never,
}

/// <summary>
/// The normalization a Hugging Face fast tokenizer converted from SentencePiece applies to one text piece, producing the
/// UTF-8 bytes its Unigram model sees: <c>Precompiled</c> (grapheme by grapheme: a grapheme under 6 UTF-8 bytes is
/// replaced by the shortest rule that is its prefix, otherwise each character is looked up alone), then
/// <c>Replace(" {2,}", " ")</c>, then Metaspace (spaces become U+2581, and U+2581 is prepended as configured).
/// Records, for every normalized byte, the UTF-16 index of the character it came from.
/// </summary>
internal sealed class MetaspaceNormalizer
{
    /// <summary>Graphemes of this many UTF-8 bytes or more are normalized character by character (spm_precompiled).</summary>
    private const int MaxWholeGraphemeBytes = 5;

    private static ReadOnlySpan<byte> SpaceSymbol => "\u2581"u8;

    private readonly PrecompiledCharsMap? _charsMap;
    private readonly bool _collapseSpaces;
    private readonly MetaspacePrepend _prepend;

    /// <summary>For each ASCII byte: whether a rule starts with it (then it goes through the map).</summary>
    private readonly bool[] _asciiHasRule = new bool[128];

    /// <summary>
    /// For each BMP character: whether it never joins a neighbour into one grapheme (see <see cref="StandsAlone"/>) and
    /// no rule starts with it, so that, between two such characters, it is copied as it is.
    /// </summary>
    private readonly bool[] _plainAlone = new bool[0x10000];

    public MetaspaceNormalizer(PrecompiledCharsMap? charsMap, bool collapseSpaces, MetaspacePrepend prepend)
    {
        _charsMap = charsMap;
        _collapseSpaces = collapseSpaces;
        _prepend = prepend;
        Span<byte> one = stackalloc byte[1];
        for (int b = 0; b < 128; b++)
        {
            one[0] = (byte)b;
            _asciiHasRule[b] = charsMap is not null && charsMap.MatchShortest(one, out _);
        }

        Span<byte> utf8 = stackalloc byte[3];
        for (int c = 0x80; c < 0x10000; c++)
        {
            if (StandsAlone((char)c))
            {
                int length = new Rune(c).EncodeToUtf8(utf8);
                _plainAlone[c] = charsMap is null || !charsMap.MatchShortest(utf8.Slice(0, length), out _);
            }
        }

        for (int c = 0; c < 0x80; c++)
        {
            _plainAlone[c] = !_asciiHasRule[c] && c is not ('\r' or '\n') && StandsAlone((char)c);
        }
    }

    /// <summary>
    /// Whether <paramref name="c"/> is a grapheme by itself next to any other such character: it neither attaches to the
    /// character before it (Extend, SpacingMark, ZWJ) nor to the one after it (Prepend, CR), and it is not a Hangul jamo
    /// or syllable (which join each other) or a surrogate. Found with .NET's own grapheme breaker.
    /// </summary>
    private static bool StandsAlone(char c)
    {
        if (char.IsSurrogate(c) || c is (>= '\u1100' and <= '\u11FF') or (>= '\uA960' and <= '\uA97F') or (>= '\uAC00' and <= '\uD7FF'))
        {
            return false;
        }

        ReadOnlySpan<char> before = ['a', c];
        ReadOnlySpan<char> after = [c, 'a'];
        return StringInfo.GetNextTextElementLength(before) == 1 && StringInfo.GetNextTextElementLength(after) == 1;
    }

    /// <summary>
    /// Normalizes <paramref name="text"/> into <paramref name="normalized"/>; <paramref name="normToChar"/> receives one
    /// UTF-16 index per normalized byte plus a final entry (the text length). Both buffers are cleared first.
    /// </summary>
    /// <param name="text">One text piece (between added tokens).</param>
    /// <param name="startsText">Whether the piece starts the whole input (for <see cref="MetaspacePrepend.First"/>).</param>
    /// <param name="normalized">Receives the normalized UTF-8 bytes.</param>
    /// <param name="normToChar">Receives the source index of each byte.</param>
    public void Normalize(ReadOnlySpan<char> text, bool startsText, GrowableBuffer<byte> normalized, GrowableBuffer<int> normToChar)
    {
        normalized.Clear();
        normToChar.Clear();
        // Room for ASCII text plus the prefix; the buffers double on demand for longer UTF-8.
        normalized.EnsureCapacity(text.Length + 16);
        normToChar.EnsureCapacity(text.Length + 17);
        var state = new EmitState(normalized, normToChar, _prepend == MetaspacePrepend.Always || (_prepend == MetaspacePrepend.First && startsText));
        Span<byte> buffer = stackalloc byte[8];
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            int run = PlainAsciiRun(text, i);
            if (run > 0)
            {
                // What the single-character path below does for each of these, at once.
                if (state.PrependPending)
                {
                    state.PrependPending = false;
                    AddSpaceSymbol(normalized, normToChar, i);
                }

                normalized.EnsureCapacity(normalized.Count + run);
                normToChar.EnsureCapacity(normToChar.Count + run + 1);
                Span<byte> bytes = normalized.Items.AsSpan(normalized.Count, run);
                Span<int> origins = normToChar.Items.AsSpan(normToChar.Count, run);
                for (int k = 0; k < run; k++)
                {
                    bytes[k] = (byte)text[i + k];
                    origins[k] = i + k;
                }

                normalized.SetCount(normalized.Count + run);
                normToChar.SetCount(normToChar.Count + run);
                state.PreviousWasSpace = false;
                i += run;
                continue;
            }

            if (c < 0x80 && (i + 1 == text.Length || (text[i + 1] < 0x80 && !(c == '\r' && text[i + 1] == '\n'))))
            {
                // An ASCII character followed by ASCII (or the end) is a grapheme of its own.
                buffer[0] = (byte)c;
                if (_asciiHasRule[c] && _charsMap!.MatchShortest(buffer.Slice(0, 1), out ReadOnlySpan<byte> asciiReplacement))
                {
                    Emit(ref state, asciiReplacement, i);
                }
                else
                {
                    Emit(ref state, buffer.Slice(0, 1), i);
                }

                i++;
                continue;
            }

            if (_plainAlone[c] && (i + 1 == text.Length || _plainAlone[text[i + 1]]))
            {
                // A character that stands alone between characters that do too is its own grapheme, and no rule applies.
                int bytes = EncodeRune(text.Slice(i, 1), buffer, out int runeBytes);
                Emit(ref state, buffer.Slice(0, runeBytes), i);
                i += bytes;
                continue;
            }

            int length = StringInfo.GetNextTextElementLength(text.Slice(i));
            ReadOnlySpan<char> grapheme = text.Slice(i, length);
            if (_charsMap is not null && Utf8Length(grapheme) <= MaxWholeGraphemeBytes)
            {
                int bytes = EncodeUtf8(grapheme, buffer);
                if (_charsMap.MatchShortest(buffer.Slice(0, bytes), out ReadOnlySpan<byte> replacement))
                {
                    Emit(ref state, replacement, i);
                    i += length;
                    continue;
                }
            }

            int end = i + length;
            while (i < end)
            {
                int charLength = EncodeRune(text.Slice(i, end - i), buffer, out int runeBytes);
                if (_charsMap is not null && _charsMap.MatchShortest(buffer.Slice(0, runeBytes), out ReadOnlySpan<byte> replacement))
                {
                    Emit(ref state, replacement, i);
                }
                else
                {
                    Emit(ref state, buffer.Slice(0, runeBytes), i);
                }

                i += charLength;
            }
        }

        normToChar.Add(text.Length);
    }

    /// <summary>
    /// The length of the run of ASCII characters from <paramref name="start"/> on that no rule starts with, other than
    /// spaces and controls, each followed by ASCII or the end (so each is a grapheme of its own and is copied as it is).
    /// </summary>
    private int PlainAsciiRun(ReadOnlySpan<char> text, int start)
    {
        int end = start;
        while (end < text.Length && text[end] is > ' ' and < '\u0080' && !_asciiHasRule[text[end]])
        {
            end++;
        }

        // The last one must not be followed by a character it could join (anything not ASCII).
        return end < text.Length && text[end] >= 0x80 ? Math.Max(0, end - start - 1) : end - start;
    }

    /// <summary>Appends normalized characters: collapses space runs, escapes spaces and prepends U+2581 before the first one.</summary>
    private void Emit(ref EmitState state, ReadOnlySpan<byte> bytes, int origin)
    {
        GrowableBuffer<byte> normalized = state.Normalized;
        GrowableBuffer<int> normToChar = state.NormToChar;
        for (int k = 0; k < bytes.Length; k++)
        {
            byte b = bytes[k];
            if (state.PrependPending)
            {
                state.PrependPending = false;
                if (b != (byte)' ' && !bytes.Slice(k).StartsWith(SpaceSymbol))
                {
                    AddSpaceSymbol(normalized, normToChar, origin);
                }
            }

            if (b == (byte)' ')
            {
                if (!(_collapseSpaces && state.PreviousWasSpace))
                {
                    AddSpaceSymbol(normalized, normToChar, origin);
                }

                state.PreviousWasSpace = true;
                continue;
            }

            normalized.Add(b);
            normToChar.Add(origin);
            state.PreviousWasSpace = false;
        }
    }

    private static void AddSpaceSymbol(GrowableBuffer<byte> normalized, GrowableBuffer<int> normToChar, int origin)
    {
        normalized.AddRange(SpaceSymbol);
        normToChar.Add(origin);
        normToChar.Add(origin);
        normToChar.Add(origin);
    }

    private static int Utf8Length(ReadOnlySpan<char> text)
    {
        int bytes = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                bytes += 4;
                i++;
            }
            else
            {
                bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
        }

        return bytes;
    }

    /// <summary>UTF-8 of a short grapheme (at most <see cref="MaxWholeGraphemeBytes"/> bytes); lone surrogates become U+FFFD.</summary>
    private static int EncodeUtf8(ReadOnlySpan<char> text, Span<byte> destination)
    {
        int written = 0;
        int i = 0;
        while (i < text.Length)
        {
            i += EncodeRune(text.Slice(i), destination.Slice(written), out int bytes);
            written += bytes;
        }

        return written;
    }

    /// <summary>Encodes the first character of <paramref name="text"/>; returns the UTF-16 units it took.</summary>
    private static int EncodeRune(ReadOnlySpan<char> text, Span<byte> destination, out int bytes)
    {
        OperationStatus status = Rune.DecodeFromUtf16(text, out Rune rune, out int consumed);
        if (status != OperationStatus.Done)
        {
            rune = Rune.ReplacementChar;
            consumed = 1;
        }

        bytes = rune.EncodeToUtf8(destination);
        return consumed;
    }

    private struct EmitState(GrowableBuffer<byte> normalized, GrowableBuffer<int> normToChar, bool prependPending)
    {
        public GrowableBuffer<byte> Normalized = normalized;
        public GrowableBuffer<int> NormToChar = normToChar;
        public bool PrependPending = prependPending;
        public bool PreviousWasSpace;
    }
}

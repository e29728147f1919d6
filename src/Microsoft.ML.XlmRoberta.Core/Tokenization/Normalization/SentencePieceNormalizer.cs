namespace Microsoft.ML.XlmRoberta.Tokenization.Normalization;

/// <summary>
/// SentencePiece's normalizer (<c>normalizer.cc</c>): applies the precompiled character map rule by rule (longest
/// match), drops leading, trailing and repeated spaces, escapes spaces as U+2581 and adds the dummy prefix. It also
/// records, for every normalized byte, the byte offset in the original UTF-8 input it came from.
/// </summary>
internal sealed class SentencePieceNormalizer
{
    private static ReadOnlySpan<byte> SpaceSymbol => "\u2581"u8;

    private static ReadOnlySpan<byte> ReplacementCharacter => "\uFFFD"u8;

    private readonly PrecompiledCharsMap? _charsMap;
    private readonly bool _addDummyPrefix;
    private readonly bool _removeExtraWhitespaces;
    private readonly bool _escapeWhitespaces;
    private readonly bool _treatWhitespaceAsSuffix;

    /// <summary>Whether no rule starts with a space (then a space is handled without a lookup).</summary>
    private readonly bool _spaceIsPlain;

    /// <summary>
    /// For each character of the Basic Multilingual Plane (not a space): <see cref="Verbatim"/> when no rule starts with it,
    /// <see cref="VerbatimUnlessContinued"/> when rules start with it but none is the character alone (e.g. a letter that
    /// a combining mark composes with), else 0.
    /// </summary>
    private readonly byte[] _bmpClass = new byte[0x10000];

    /// <summary>The bytes that follow a <see cref="VerbatimUnlessContinued"/> character in some rule.</summary>
    private readonly bool[] _continues = new bool[256];

    private const byte Verbatim = 1;
    private const byte VerbatimUnlessContinued = 2;

    public SentencePieceNormalizer(PrecompiledCharsMap? charsMap, bool addDummyPrefix, bool removeExtraWhitespaces, bool escapeWhitespaces, bool treatWhitespaceAsSuffix)
    {
        _charsMap = charsMap;
        _addDummyPrefix = addDummyPrefix;
        _removeExtraWhitespaces = removeExtraWhitespaces;
        _escapeWhitespaces = escapeWhitespaces;
        _treatWhitespaceAsSuffix = treatWhitespaceAsSuffix;
        _spaceIsPlain = charsMap is null || !charsMap.HasRuleStartingWith(" "u8);
        Span<byte> utf8 = stackalloc byte[3];
        Span<bool> next = stackalloc bool[256];
        for (int c = 0; c < 0x10000; c++)
        {
            if (c is >= 0xD800 and <= 0xDFFF)
            {
                continue;
            }

            int length = new System.Text.Rune(c).EncodeToUtf8(utf8);
            if (c == ' ')
            {
                continue;
            }

            next.Clear();
            if (charsMap is null || !charsMap.FollowRules(utf8.Slice(0, length), out bool isRule, next))
            {
                _bmpClass[c] = Verbatim;
            }
            else if (!isRule)
            {
                _bmpClass[c] = VerbatimUnlessContinued;
                for (int x = 0; x < 256; x++)
                {
                    _continues[x] |= next[x];
                }
            }
        }
    }

    /// <summary>
    /// Normalizes UTF-8 <paramref name="input"/> into <paramref name="normalized"/>; <paramref name="normToOrig"/>
    /// receives, for each normalized byte, <paramref name="origin"/> of the input byte offset it came from, plus one final
    /// entry (the end). <paramref name="origin"/> has one entry per input byte and one for the end (e.g. UTF-16 indices).
    /// Both buffers are cleared first. With <paramref name="normToOrig"/> null no map is kept and
    /// <paramref name="origin"/> is not read (ids without offsets).
    /// </summary>
    public void Normalize(ReadOnlySpan<byte> input, ReadOnlySpan<int> origin, GrowableBuffer<byte> normalized, GrowableBuffer<int>? normToOrig)
    {
        normalized.Clear();
        normToOrig?.Clear();
        int consumed = 0;
        if (_removeExtraWhitespaces)
        {
            while (consumed < input.Length)
            {
                int length = NormalizePrefix(input.Slice(consumed), out ReadOnlySpan<byte> piece);
                if (!piece.SequenceEqual(" "u8))
                {
                    break;
                }

                consumed += length;
            }
        }

        if (consumed == input.Length)
        {
            normToOrig?.Add(origin[consumed]);
            return;
        }

        // Normalization rarely grows text much; the buffers double on demand when it does.
        normalized.EnsureCapacity(input.Length + 16);
        normToOrig?.EnsureCapacity(input.Length + 17);
        if (!_treatWhitespaceAsSuffix && _addDummyPrefix)
        {
            AddSpace(normalized, normToOrig, OriginAt(origin, consumed, normToOrig));
        }

        bool isPrevSpace = _removeExtraWhitespaces;
        while (consumed < input.Length)
        {
            int runEnd = VerbatimRunEnd(input, consumed);

            if (runEnd > consumed)
            {
                // A run of characters that normalize to themselves: copied at once, each byte mapped to its character's start.
                int run = runEnd - consumed;
                normalized.AddRange(input.Slice(consumed, run));
                isPrevSpace = false;
                if (normToOrig is null)
                {
                    consumed = runEnd;
                    continue;
                }

                normToOrig.EnsureCapacity(normToOrig.Count + run + 1);
                Span<int> map = normToOrig.Items.AsSpan(normToOrig.Count, run);
                for (int k = 0; k < run; k++)
                {
                    map[k] = (input[consumed + k] & 0xC0) == 0x80 ? map[k - 1] : origin[consumed + k];
                }

                normToOrig.SetCount(normToOrig.Count + run);
                isPrevSpace = false;
                consumed = runEnd;
                continue;
            }

            if (input[consumed] == (byte)' ' && _spaceIsPlain)
            {
                // What the general path below does for a space no rule rewrites, without the charsmap lookup.
                if (!isPrevSpace)
                {
                    AddSpace(normalized, normToOrig, OriginAt(origin, consumed, normToOrig));
                }

                isPrevSpace = _removeExtraWhitespaces;
                consumed++;
                continue;
            }

            int length = NormalizePrefix(input.Slice(consumed), out ReadOnlySpan<byte> piece);
            if (isPrevSpace)
            {
                int skip = 0;
                while (skip < piece.Length && piece[skip] == (byte)' ')
                {
                    skip++;
                }

                piece = piece.Slice(skip);
            }

            if (!piece.IsEmpty)
            {
                for (int n = 0; n < piece.Length; n++)
                {
                    if (_escapeWhitespaces && piece[n] == (byte)' ')
                    {
                        AddSpace(normalized, normToOrig, OriginAt(origin, consumed, normToOrig));
                    }
                    else
                    {
                        normalized.Add(piece[n]);
                        normToOrig?.Add(origin[consumed]);
                    }
                }

                isPrevSpace = piece[^1] == (byte)' ';
            }

            consumed += length;
            if (!_removeExtraWhitespaces)
            {
                isPrevSpace = false;
            }
        }

        int end = OriginAt(origin, consumed, normToOrig);
        if (_removeExtraWhitespaces)
        {
            ReadOnlySpan<byte> space = _escapeWhitespaces ? SpaceSymbol : " "u8;
            while (normalized.Span.EndsWith(space))
            {
                int length = normalized.Count - space.Length;
                end = normToOrig is null ? 0 : normToOrig[length];
                normalized.Truncate(length);
                normToOrig?.Truncate(length);
            }
        }

        if (_treatWhitespaceAsSuffix && _addDummyPrefix)
        {
            AddSpace(normalized, normToOrig, end);
        }

        normToOrig?.Add(end);
    }

    /// <summary><paramref name="origin"/>[<paramref name="index"/>], or 0 when no map is kept.</summary>
    private static int OriginAt(ReadOnlySpan<int> origin, int index, GrowableBuffer<int>? normToOrig) => normToOrig is null ? 0 : origin[index];

    /// <summary>The end of the run of characters from <paramref name="start"/> on that normalize to themselves.</summary>
    private int VerbatimRunEnd(ReadOnlySpan<byte> input, int start)
    {
        byte[] classes = _bmpClass;
        int at = start;
        while (at < input.Length)
        {
            byte b = input[at];
            if (b < 0x80)
            {
                // ASCII inline (most text).
                if (IsVerbatim(classes[b], input, at + 1))
                {
                    at++;
                    continue;
                }

                break;
            }

            int length = VerbatimLength(input.Slice(at));
            if (length == 0)
            {
                break;
            }

            at += length;
        }

        return at;
    }

    /// <summary>
    /// The byte length of the first character of <paramref name="input"/> when it is a well-formed 1–3 byte character
    /// that no rule matching here starts with (it normalizes to itself), else 0. A rule longer than the character can only
    /// match when the next byte continues one, so a <see cref="VerbatimUnlessContinued"/> character followed by any other
    /// byte (or by nothing) is copied as it is.
    /// </summary>
    private int VerbatimLength(ReadOnlySpan<byte> input)
    {
        byte b0 = input[0];
        if (b0 < 0x80)
        {
            return IsVerbatim(_bmpClass[b0], input, 1) ? 1 : 0;
        }

        if (b0 < 0xC2 || b0 >= 0xF0)
        {
            return 0;
        }

        int length = b0 < 0xE0 ? 2 : 3;
        if (input.Length < length || (input[1] & 0xC0) != 0x80 || (length == 3 && (input[2] & 0xC0) != 0x80))
        {
            return 0;
        }

        int c = length == 2
            ? ((b0 & 0x1F) << 6) | (input[1] & 0x3F)
            : ((b0 & 0x0F) << 12) | ((input[1] & 0x3F) << 6) | (input[2] & 0x3F);

        // Overlong forms and surrogates are malformed; the table is 0 for surrogates and the check below for overlongs.
        return (length == 3 && c < 0x800) || !IsVerbatim(_bmpClass[c], input, length) ? 0 : length;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private bool IsVerbatim(byte charClass, ReadOnlySpan<byte> input, int next) =>
        charClass == Verbatim || (charClass == VerbatimUnlessContinued && (next == input.Length || !_continues[input[next]]));

    private void AddSpace(GrowableBuffer<byte> normalized, GrowableBuffer<int>? normToOrig, int origin)
    {
        if (_escapeWhitespaces)
        {
            normalized.AddRange(SpaceSymbol);
            normToOrig?.Add(origin);
            normToOrig?.Add(origin);
            normToOrig?.Add(origin);
        }
        else
        {
            normalized.Add((byte)' ');
            normToOrig?.Add(origin);
        }
    }

    /// <summary>Normalizes the first rule or character of <paramref name="input"/>; returns the bytes consumed.</summary>
    private int NormalizePrefix(ReadOnlySpan<byte> input, out ReadOnlySpan<byte> piece)
    {
        if (_charsMap is not null)
        {
            int matched = _charsMap.Match(input, out piece);
            if (matched > 0)
            {
                return matched;
            }
        }

        int length = Utf8.ValidCharLength(input);
        if (length == 0)
        {
            piece = ReplacementCharacter;
            return 1;
        }

        piece = input.Slice(0, length);
        return length;
    }
}

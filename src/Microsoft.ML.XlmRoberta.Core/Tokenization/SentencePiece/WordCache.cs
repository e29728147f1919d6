using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Microsoft.ML.XlmRoberta.Tokenization.SentencePiece;

/// <summary>
/// A bounded cache from a normalized word (the UTF-8 bytes from one U+2581 up to the next) to its segmentation
/// (piece ids, their end offsets relative to the word and their <see cref="UnigramModel.StepCode"/>s, unknown pieces
/// unmerged) and that segmentation's
/// <see cref="UnigramModel.Margin"/>, which tells the caller whether the entry is valid for a given start score. The
/// margin costs a second search, so it is computed on a word's first reuse, not when the word is first seen.
/// <para>
/// Set-associative with CLOCK replacement: a word hashes to one set of <see cref="Ways"/> fixed-size slots; a hit marks
/// its slot referenced, and a miss replaces the first unreferenced slot after the set's hand (clearing the marks it
/// passes). Frequent words stay while the stream of new words cycles through the rest, and nothing is ever emptied
/// wholesale. A word is admitted on its second miss only: a one-bit "seen" filter over hashes (cleared after every
/// <see cref="SeenResetInterval"/> first sightings) remembers the first, so text whose words never repeat (names, typos,
/// shuffled letters) neither pays for copying them in nor pushes out the words that do repeat; a lookup of a word the
/// filter has not seen skips the probe. Words longer than <see cref="MaxWordBytes"/> or with more than <see cref="MaxPieces"/>
/// pieces are not cached. The arrays are allocated on first use and never again.
/// </para>
/// </summary>
internal sealed class WordCache
{
    /// <summary>Longer words are segmented every time.</summary>
    public const int MaxWordBytes = 64;

    /// <summary>Words with more pieces are segmented every time.</summary>
    public const int MaxPieces = 16;

    private const int Ways = 8;
    private const int SetBits = 13;
    private const int Slots = Ways << SetBits;
    private const int SeenBits = 18;
    private const int SeenResetInterval = 1 << 16;

    private uint[] _tags = [];
    private byte[] _lengths = [];
    private byte[] _pieceCounts = [];
    private bool[] _referenced = [];
    private byte[] _hands = [];
    private byte[] _keys = [];
    private int[] _ids = [];
    private byte[] _ends = [];
    private float[] _codes = [];
    private double[] _margins = [];
    private ulong[] _seen = [];
    private int _seenCount;

    /// <summary>
    /// Looks up <paramref name="word"/>; on a hit, <paramref name="ids"/> and <paramref name="ends"/> hold its pieces. On a
    /// miss, <paramref name="hash"/> is what <see cref="Add"/> takes for the word.
    /// </summary>
    public bool TryGet(ReadOnlySpan<byte> word, out uint hash, out ReadOnlySpan<int> ids, out ReadOnlySpan<byte> ends, out ReadOnlySpan<float> codes, out int entry)
    {
        hash = 0;
        if (word.Length <= MaxWordBytes && word.Length != 0)
        {
            hash = Hash(word);
        }

        // A word the filter has not seen is not probed: it can be cached only from before the filter's last reset, and
        // then it is found again once this sighting has been recorded.
        if (hash != 0 && _tags.Length != 0 && (_seen[SeenBit(hash) >> 6] & (1UL << (SeenBit(hash) & 63))) != 0)
        {
            int first = (int)(hash & ((1 << SetBits) - 1)) * Ways;
            for (int slot = first; slot < first + Ways; slot++)
            {
                if (_tags[slot] == hash && _lengths[slot] == word.Length && word.SequenceEqual(_keys.AsSpan(slot * MaxWordBytes, word.Length)))
                {
                    _referenced[slot] = true;
                    int n = _pieceCounts[slot];
                    ids = _ids.AsSpan(slot * MaxPieces, n);
                    ends = _ends.AsSpan(slot * MaxPieces, n);
                    codes = _codes.AsSpan(slot * MaxPieces, n);
                    entry = slot;
                    return true;
                }
            }
        }

        ids = default;
        ends = default;
        codes = default;
        entry = -1;
        return false;
    }

    /// <summary>Stores the segmentation of <paramref name="word"/> (the caller checked that it is absent).</summary>
    /// <param name="word">The word.</param>
    /// <param name="hash">Its hash, from <see cref="TryGet"/>.</param>
    /// <param name="ids">Its pieces.</param>
    /// <param name="ends">Their ends, relative to the word.</param>
    /// <param name="model">Gives the pieces' step codes, or null when the caller does not replay scores.</param>
    public void Add(ReadOnlySpan<byte> word, uint hash, ReadOnlySpan<int> ids, ReadOnlySpan<int> ends, UnigramModel? model)
    {
        if (word.Length > MaxWordBytes || word.Length == 0 || ids.Length > MaxPieces)
        {
            return;
        }

        if (_tags.Length == 0)
        {
            Allocate();
        }

        // Admission filter: the set index uses the low SetBits bits of the hash, the filter the next SeenBits.
        int bit = SeenBit(hash);
        ref ulong seenWord = ref _seen[bit >> 6];
        ulong mask = 1UL << (bit & 63);
        if ((seenWord & mask) == 0)
        {
            if (++_seenCount > SeenResetInterval)
            {
                Array.Clear(_seen);
                _seenCount = 1;
            }

            seenWord |= mask;
            return;
        }

        int set = (int)(hash & ((1 << SetBits) - 1));
        int first = set * Ways;

        // CLOCK: skip (and clear) referenced slots; an empty slot has length 0 and is never referenced.
        int hand = _hands[set];
        while (_referenced[first + hand])
        {
            _referenced[first + hand] = false;
            hand = (hand + 1) & (Ways - 1);
        }

        int slot = first + hand;
        _hands[set] = (byte)((hand + 1) & (Ways - 1));
        _tags[slot] = hash;
        _lengths[slot] = (byte)word.Length;
        _pieceCounts[slot] = (byte)ids.Length;
        _margins[slot] = double.NaN;
        word.CopyTo(_keys.AsSpan(slot * MaxWordBytes));
        ids.CopyTo(_ids.AsSpan(slot * MaxPieces));
        Span<byte> endBytes = _ends.AsSpan(slot * MaxPieces, ends.Length);
        for (int k = 0; k < ends.Length; k++)
        {
            endBytes[k] = (byte)ends[k]; // at most MaxWordBytes
        }

        if (model is not null)
        {
            Span<float> codes = _codes.AsSpan(slot * MaxPieces, ids.Length);
            for (int k = 0; k < ids.Length; k++)
            {
                codes[k] = model.StepCode(ids[k]);
            }
        }
    }

    /// <summary>The margin of an entry found by <see cref="TryGet"/>; NaN until <see cref="SetMargin"/> is called.</summary>
    public double GetMargin(int entry) => _margins[entry];

    /// <summary>Records the margin of an entry found by <see cref="TryGet"/>.</summary>
    public void SetMargin(int entry, double margin) => _margins[entry] = margin;

    private static int SeenBit(uint hash) => (int)((hash >> SetBits) & ((1u << SeenBits) - 1));

    private void Allocate()
    {
        _tags = new uint[Slots];
        _lengths = new byte[Slots];
        _pieceCounts = new byte[Slots];
        _referenced = new bool[Slots];
        _hands = new byte[1 << SetBits];
        _keys = new byte[Slots * MaxWordBytes];
        _ids = new int[Slots * MaxPieces];
        _ends = new byte[Slots * MaxPieces];
        _codes = new float[Slots * MaxPieces];
        _margins = new double[Slots];
        _seen = new ulong[(1 << SeenBits) / 64];
    }

    /// <summary>
    /// A hash of a word of 1 to <see cref="MaxWordBytes"/> bytes, eight bytes per multiply (the last eight overlap when the
    /// length is not a multiple; the length is mixed in), never 0. The set index takes the low bits, the admission filter
    /// the next ones, so the result is fully mixed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Hash(ReadOnlySpan<byte> word)
    {
        const ulong Multiplier = 0x9E3779B97F4A7C15;
        ulong h = (ulong)word.Length * Multiplier;
        if (word.Length >= 8)
        {
            int last = word.Length - 8;
            for (int at = 0; at < last; at += 8)
            {
                h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(word.Slice(at))) * Multiplier;
                h ^= h >> 29;
            }

            h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(word.Slice(last))) * Multiplier;
        }
        else
        {
            ulong tail = 0;
            for (int at = 0; at < word.Length; at++)
            {
                tail |= (ulong)word[at] << (at * 8);
            }

            h = (h ^ tail) * Multiplier;
        }

        h ^= h >> 32;
        h *= Multiplier;
        uint result = (uint)(h >> 32);
        return result == 0 ? 1 : result;
    }
}

using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
    private Entry[] _entries = [];
    private byte[] _hands = [];
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
                if (_tags[slot] != hash)
                {
                    continue;
                }

                ref Entry e = ref _entries[slot];
                ref byte data = ref e.Data[0];
                if (e.Length == word.Length && word.SequenceEqual(MemoryMarshal.CreateReadOnlySpan(ref data, word.Length)))
                {
                    e.Referenced = true;
                    int n = e.PieceCount;
                    int at = IdsOffset(word.Length);
                    ids = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<byte, int>(ref Unsafe.Add(ref data, at)), n);
                    codes = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<byte, float>(ref Unsafe.Add(ref data, at + (4 * n))), n);
                    ends = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref data, at + (8 * n)), n);
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
        while (_entries[first + hand].Referenced)
        {
            _entries[first + hand].Referenced = false;
            hand = (hand + 1) & (Ways - 1);
        }

        int slot = first + hand;
        _hands[set] = (byte)((hand + 1) & (Ways - 1));
        _tags[slot] = hash;
        ref Entry e = ref _entries[slot];
        e.Length = (byte)word.Length;
        e.PieceCount = (byte)ids.Length;
        e.Margin = double.NaN;
        Span<byte> data = e.Data;
        int n = ids.Length;
        int at = IdsOffset(word.Length);
        word.CopyTo(data);
        ids.CopyTo(MemoryMarshal.Cast<byte, int>(data.Slice(at, 4 * n)));
        Span<float> codes = MemoryMarshal.Cast<byte, float>(data.Slice(at + (4 * n), 4 * n));
        Span<byte> endBytes = data.Slice(at + (8 * n), n);
        for (int k = 0; k < n; k++)
        {
            endBytes[k] = (byte)ends[k]; // at most MaxWordBytes
            codes[k] = model is null ? 0 : model.StepCode(ids[k]);
        }
    }

    /// <summary>Where an entry's piece ids start in its data: after the key, four-byte aligned.</summary>
    private static int IdsOffset(int wordLength) => (wordLength + 3) & ~3;

    /// <summary>The margin of an entry found by <see cref="TryGet"/>; NaN until <see cref="SetMargin"/> is called.</summary>
    public double GetMargin(int entry) => _entries[entry].Margin;

    /// <summary>Records the margin of an entry found by <see cref="TryGet"/>.</summary>
    public void SetMargin(int entry, double margin) => _entries[entry].Margin = margin;

    private static int SeenBit(uint hash) => (int)((hash >> SetBits) & ((1u << SeenBits) - 1));

    private void Allocate()
    {
        _tags = new uint[Slots];
        _entries = new Entry[Slots];
        _hands = new byte[1 << SetBits];
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

    /// <summary>
    /// One cached word in one piece of memory, packed: the key, then (four-byte aligned) the piece ids, their step codes
    /// and their ends, so that a hit on a short word reads one or two adjacent cache lines. The set's tags, probed first,
    /// sit apart. The data starts at a multiple of four, so the ids and codes are aligned.
    /// </summary>
    [StructLayout(LayoutKind.Explicit)]
    private struct Entry
    {
        [FieldOffset(0)]
        public double Margin;
        [FieldOffset(8)]
        public byte Length;
        [FieldOffset(9)]
        public byte PieceCount;
        [FieldOffset(10)]
        public bool Referenced;
        [FieldOffset(12)]
        public EntryData Data;
    }

    /// <summary>Room for the longest key and the most pieces (ids, codes, ends).</summary>
    [InlineArray(MaxWordBytes + (MaxPieces * 9))]
    private struct EntryData
    {
        private byte _element;
    }
}

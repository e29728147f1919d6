using System.Text;
using Microsoft.ML.XlmRoberta.Tokenization.Normalization;

namespace Microsoft.ML.XlmRoberta.Tokenization.SentencePiece;

/// <summary>
/// Encodes one run of text, either as SentencePiece does (<c>SentencePieceProcessor::Encode</c>: UTF-16 to UTF-8 with
/// a lone surrogate as U+FFFD, normalization, Unigram segmentation of the whole run) or as a Hugging Face fast
/// tokenizer loaded from <c>tokenizer.json</c> does (<see cref="MetaspaceNormalizer"/>, then each U+2581-led word
/// segmented on its own); then maps pieces to Hugging Face ids and the pieces' normalized spans back to UTF-16 ranges
/// of the original string.
/// </summary>
internal sealed class SentencePieceEncoder
{
    private readonly SentencePieceNormalizer? _normalizer;
    private readonly MetaspaceNormalizer? _fastNormalizer;
    private readonly UnigramModel _model;
    private readonly int _idOffset;
    private readonly int _unknownHfId;

    /// <summary>Words longer than this (in normalized bytes) are searched in bounded memory by <see cref="UnigramModel.EncodeLong"/>.</summary>
    internal const int LongWordBytes = 1 << 16;

    /// <summary>How many final pieces of a long word are collected before they are emitted.</summary>
    private const int FlushPieces = 1 << 14;

    /// <summary>SentencePiece semantics; Hugging Face id = SentencePiece id + <paramref name="idOffset"/> (fairseq's shift).</summary>
    public SentencePieceEncoder(SentencePieceNormalizer normalizer, UnigramModel model, int idOffset, int unknownHfId, bool splitWords)
    {
        _normalizer = normalizer;
        _model = model;
        _idOffset = idOffset;
        _unknownHfId = unknownHfId;
        SplitWords = splitWords;
    }

    /// <summary>Hugging Face fast-tokenizer semantics; the model's ids are the Hugging Face ids.</summary>
    public SentencePieceEncoder(MetaspaceNormalizer normalizer, UnigramModel model)
    {
        _fastNormalizer = normalizer;
        _model = model;
        _unknownHfId = model.UnknownId;
        SplitWords = true;
    }

    /// <summary>
    /// Whether segmentation runs word by word (from one U+2581 to the next) through the word cache. Only valid when no
    /// piece holds U+2581 after its first character; settable so that tests can compare both paths.
    /// </summary>
    public bool SplitWords { get; set; }

    /// <summary>
    /// Appends the tokens of <paramref name="text"/> to <paramref name="output"/>; offsets are shifted by
    /// <paramref name="baseIndex"/>.
    /// </summary>
    public void Encode(ReadOnlySpan<char> text, int baseIndex, EncoderScratch scratch, TokenBuffer output)
    {
        GrowableBuffer<int> ids = scratch.PieceIds;
        GrowableBuffer<int> ends = scratch.PieceEnds;
        ids.Clear();
        ends.Clear();
        if (_fastNormalizer is not null)
        {
            _fastNormalizer.Normalize(text, baseIndex == 0, scratch.Normalized, scratch.NormToOrig);
            SegmentWordsApart(scratch.Normalized.Span, scratch);
        }
        else if (!output.TrackOffsets)
        {
            // Ids only: no offset maps (a lone surrogate becomes U+FFFD, as in ToUtf8).
            GrowableBuffer<byte> utf8 = scratch.Utf8;
            utf8.Clear();
            utf8.EnsureCapacity(Encoding.UTF8.GetByteCount(text) + 1);
            utf8.SetCount(Encoding.UTF8.GetBytes(text, utf8.Items));
            _normalizer!.Normalize(utf8.Span, default, scratch.Normalized, null);
        }
        else
        {
            ToUtf8(text, scratch.Utf8, scratch.ByteToChar);
            // Normalized byte → original UTF-16 index, through each UTF-8 byte's character.
            _normalizer!.Normalize(scratch.Utf8.Span, scratch.ByteToChar.Span, scratch.Normalized, scratch.NormToOrig);
        }

        int begin = 0;
        if (_fastNormalizer is null)
        {
            if (SplitWords)
            {
                SegmentByWords(scratch.Normalized.Span, scratch, text, baseIndex, output, ref begin);
            }
            else
            {
                _model.Encode(scratch.Normalized.Span, 0f, scratch.Viterbi, ids, ends);
            }
        }

        Emit(text, baseIndex, scratch, output, ids.Count, ref begin);
    }

    /// <summary>
    /// Emits the first <paramref name="count"/> pieces of the scratch's piece buffers as tokens, merging runs of unknown
    /// pieces into one (SentencePieceProcessor does this after segmentation; Hugging Face's fuse_unk within a word, which
    /// is the same since a word starts with the known piece U+2581). <paramref name="begin"/> is the normalized start of
    /// the first piece, and becomes the end of the last.
    /// </summary>
    private void Emit(ReadOnlySpan<char> text, int baseIndex, EncoderScratch scratch, TokenBuffer output, int count, ref int begin)
    {
        GrowableBuffer<int> ids = scratch.PieceIds;
        GrowableBuffer<int> ends = scratch.PieceEnds;
        bool offsets = output.TrackOffsets || _fastNormalizer is not null;
        int[] normToOrig = scratch.NormToOrig.Items;
        int idOffset = _idOffset;
        int unknownId = _model.UnknownId;
        for (int k = 0; k < count; k++)
        {
            int id = ids[k];
            int end = ends[k];
            if (id == unknownId)
            {
                while (k + 1 < count && ids[k + 1] == unknownId)
                {
                    end = ends[++k];
                }
            }

            int hfId = id == unknownId ? _unknownHfId : id + idOffset;
            if (!offsets)
            {
                output.Add(hfId, 0, 0);
                begin = end;
                continue;
            }

            int start = normToOrig[begin];
            int stop = normToOrig[end];
            while (start < stop && Whitespace.IsPythonSpace(text[start]))
            {
                start++;
            }

            output.Add(hfId, baseIndex + start, baseIndex + stop);
            begin = end;
        }
    }

    /// <summary>
    /// Emits the pieces found so far, except a trailing run of unknown pieces (it may go on, and is merged into one
    /// token), and drops them from the piece buffers.
    /// </summary>
    private void Drain(ReadOnlySpan<char> text, int baseIndex, EncoderScratch scratch, TokenBuffer output, ref int begin)
    {
        GrowableBuffer<int> ids = scratch.PieceIds;
        GrowableBuffer<int> ends = scratch.PieceEnds;
        int count = ids.Count;
        while (count > 0 && ids[count - 1] == _model.UnknownId)
        {
            count--;
        }

        Emit(text, baseIndex, scratch, output, count, ref begin);
        int rest = ids.Count - count;
        ids.Span.Slice(count).CopyTo(ids.Items);
        ends.Span.Slice(count).CopyTo(ends.Items);
        ids.SetCount(rest);
        ends.SetCount(rest);
    }

    /// <summary>
    /// Segments word by word. No piece crosses a word start, so every path passes through it and the search inside a
    /// word depends only on the path score at its start; a cached segmentation is reused when its margin is larger
    /// than any float rounding at that start score can bridge, otherwise the word is searched again from that score.
    /// Either way the result is the whole-text search's. A word longer than <see cref="LongWordBytes"/> (a run without
    /// spaces) is searched in bounded memory and its pieces are emitted (from <paramref name="begin"/> on) as they become final.
    /// </summary>
    private void SegmentByWords(ReadOnlySpan<byte> normalized, EncoderScratch scratch, ReadOnlySpan<char> text, int baseIndex, TokenBuffer output, ref int begin)
    {
        GrowableBuffer<int> ids = scratch.PieceIds;
        GrowableBuffer<int> ends = scratch.PieceEnds;
        WordCache cache = scratch.Cache;
        float score = 0f;
        int wordStart = 0;
        while (wordStart < normalized.Length)
        {
            int next = normalized.Slice(wordStart + 1).IndexOf("\u2581"u8);
            int wordEnd = next < 0 ? normalized.Length : wordStart + 1 + next;
            ReadOnlySpan<byte> word = normalized.Slice(wordStart, wordEnd - wordStart);
            if (word.Length > LongWordBytes)
            {
                scratch.Viterbi.BeginLong(score);
                float endScore;
                while (!_model.EncodeLong(word, scratch.Viterbi, ids, ends, wordStart, FlushPieces, out endScore))
                {
                    Drain(text, baseIndex, scratch, output, ref begin);
                }

                score = endScore;
                wordStart = wordEnd;
                continue;
            }

            bool cached = cache.TryGet(word, out uint hash, out ReadOnlySpan<int> cachedIds, out ReadOnlySpan<byte> cachedEnds, out ReadOnlySpan<float> cachedCodes, out int entry);
            if (cached && double.IsNaN(cache.GetMargin(entry)))
            {
                cache.SetMargin(entry, _model.Margin(word, scratch.Viterbi));
            }

            if (cached && cache.GetMargin(entry) > RoundingBound(score, word.Length))
            {
                AppendCached(ids, ends, cachedIds, cachedEnds, wordStart);
                score = _model.Replay(cachedCodes, cachedEnds, score);
            }
            else
            {
                int first = ids.Count;
                score = _model.Encode(word, score, scratch.Viterbi, ids, ends);
                if (!cached)
                {
                    cache.Add(word, hash, ids.Span.Slice(first), ends.Span.Slice(first), _model);
                }

                for (int k = first; k < ends.Count; k++)
                {
                    ends[k] += wordStart;
                }
            }

            wordStart = wordEnd;
        }
    }

    /// <summary>Appends a cached word's pieces, their ends shifted by <paramref name="wordStart"/>.</summary>
    private static void AppendCached(GrowableBuffer<int> ids, GrowableBuffer<int> ends, ReadOnlySpan<int> cachedIds, ReadOnlySpan<byte> cachedEnds, int wordStart)
    {
        ids.AddRange(cachedIds);
        int count = ends.Count;
        ends.EnsureCapacity(count + cachedEnds.Length);
        Span<int> target = ends.Items.AsSpan(count, cachedEnds.Length);
        for (int k = 0; k < target.Length; k++)
        {
            target[k] = wordStart + cachedEnds[k];
        }

        ends.SetCount(count + cachedEnds.Length);
    }

    /// <summary>The normalized text the segmenter sees for <paramref name="text"/> (U+2581 for spaces), as a string.</summary>
    public string NormalizeToString(ReadOnlySpan<char> text)
    {
        var scratch = new EncoderScratch();
        if (_fastNormalizer is not null)
        {
            _fastNormalizer.Normalize(text, startsText: true, scratch.Normalized, scratch.NormToOrig);
        }
        else
        {
            ToUtf8(text, scratch.Utf8, scratch.ByteToChar);
            _normalizer!.Normalize(scratch.Utf8.Span, scratch.ByteToChar.Span, scratch.Normalized, scratch.NormToOrig);
        }

        return Encoding.UTF8.GetString(scratch.Normalized.Span);
    }

    /// <summary>
    /// Segments each word (from one U+2581 to the next) on its own, as Hugging Face's Metaspace pre-tokenizer and
    /// Unigram model do; a word's segmentation never depends on its neighbours, so cached entries are always valid.
    /// </summary>
    private void SegmentWordsApart(ReadOnlySpan<byte> normalized, EncoderScratch scratch)
    {
        GrowableBuffer<int> ids = scratch.PieceIds;
        GrowableBuffer<int> ends = scratch.PieceEnds;
        WordCache cache = scratch.Cache;
        int wordStart = 0;
        while (wordStart < normalized.Length)
        {
            int next = normalized.Slice(wordStart + 1).IndexOf("\u2581"u8);
            int wordEnd = next < 0 ? normalized.Length : wordStart + 1 + next;
            ReadOnlySpan<byte> word = normalized.Slice(wordStart, wordEnd - wordStart);
            if (cache.TryGet(word, out uint hash, out ReadOnlySpan<int> cachedIds, out ReadOnlySpan<byte> cachedEnds, out _, out _))
            {
                AppendCached(ids, ends, cachedIds, cachedEnds, wordStart);
            }
            else
            {
                int first = ids.Count;
                _model.EncodeWord(word, scratch.Viterbi, ids, ends);
                cache.Add(word, hash, ids.Span.Slice(first), ends.Span.Slice(first), null);
                for (int k = first; k < ends.Count; k++)
                {
                    ends[k] += wordStart;
                }
            }

            wordStart = wordEnd;
        }
    }

    /// <summary>
    /// A generous bound on how far float rounding can move the difference of two candidate path scores inside a word
    /// of <paramref name="bytes"/> bytes (at most that many steps) that starts at path score <paramref name="start"/>.
    /// </summary>
    private double RoundingBound(float start, int bytes)
    {
        double magnitude = Math.Abs((double)start) + (bytes * _model.MaxAbsoluteStepScore);
        return (bytes + 2) * magnitude * (1.0 / (1 << 20));
    }

    /// <summary>UTF-16 to UTF-8, recording for every byte the index of the UTF-16 character it came from.</summary>
    private static void ToUtf8(ReadOnlySpan<char> text, GrowableBuffer<byte> utf8, GrowableBuffer<int> byteToChar)
    {
        utf8.Clear();
        byteToChar.Clear();
        // Exact size (a lone surrogate counts as the 3 bytes of U+FFFD here too), so a huge input reserves no slack.
        int size = Encoding.UTF8.GetByteCount(text);
        utf8.EnsureCapacity(size + 1);
        byteToChar.EnsureCapacity(size + 1);
        Span<byte> bytes = utf8.Items;
        Span<int> chars = byteToChar.Items;
        int n = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c < 0x80)
            {
                bytes[n] = (byte)c;
                chars[n++] = i;
                continue;
            }

            Rune rune;
            int start = i;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                rune = new Rune(c, text[i + 1]);
                i++;
            }
            else
            {
                rune = Rune.IsValid(c) ? new Rune(c) : Rune.ReplacementChar;
            }

            int written = rune.EncodeToUtf8(bytes.Slice(n));
            chars.Slice(n, written).Fill(start);
            n += written;
        }

        chars[n] = text.Length;
        utf8.SetCount(n);
        byteToChar.SetCount(n + 1);
    }
}

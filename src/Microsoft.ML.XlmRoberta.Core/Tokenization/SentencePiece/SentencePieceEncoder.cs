using System.Text;
using Microsoft.ML.XlmRoberta.Tokenization.Normalization;

namespace Microsoft.ML.XlmRoberta.Tokenization.SentencePiece;

/// <summary>
/// Encodes one run of text as SentencePiece does (<c>SentencePieceProcessor::Encode</c>): UTF-16 to UTF-8 (a lone
/// surrogate becomes U+FFFD), normalization, Unigram segmentation; then maps pieces to Hugging Face ids and the
/// pieces' normalized spans back to UTF-16 ranges of the original string.
/// </summary>
internal sealed class SentencePieceEncoder
{
    private readonly SentencePieceNormalizer _normalizer;
    private readonly UnigramModel _model;
    private readonly int[] _spmToHf;
    private readonly int _unknownHfId;

    public SentencePieceEncoder(SentencePieceNormalizer normalizer, UnigramModel model, int[] spmToHf, int unknownHfId, bool splitWords)
    {
        _normalizer = normalizer;
        _model = model;
        _spmToHf = spmToHf;
        _unknownHfId = unknownHfId;
        SplitWords = splitWords;
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
        ToUtf8(text, scratch.Utf8, scratch.ByteToChar);
        _normalizer.Normalize(scratch.Utf8.Span, scratch.Normalized, scratch.NormToOrig);
        ReadOnlySpan<byte> normalized = scratch.Normalized.Span;
        GrowableBuffer<int> ids = scratch.PieceIds;
        GrowableBuffer<int> ends = scratch.PieceEnds;
        ids.Clear();
        ends.Clear();
        if (SplitWords)
        {
            SegmentByWords(normalized, scratch);
        }
        else
        {
            _model.Encode(normalized, scratch.Viterbi, ids, ends);
        }

        int[] normToOrig = scratch.NormToOrig.Items;
        int[] byteToChar = scratch.ByteToChar.Items;
        int begin = 0;
        for (int k = 0; k < ids.Count; k++)
        {
            int id = ids[k];
            int end = ends[k];
            int start = byteToChar[normToOrig[begin]];
            int stop = byteToChar[normToOrig[end]];
            while (start < stop && Whitespace.IsPythonSpace(text[start]))
            {
                start++;
            }

            output.Add(id == _model.UnknownId ? _unknownHfId : _spmToHf[id], baseIndex + start, baseIndex + stop);
            begin = end;
        }
    }

    private void SegmentByWords(ReadOnlySpan<byte> normalized, EncoderScratch scratch)
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
            if (cache.TryGet(word, out ReadOnlySpan<int> cachedIds, out ReadOnlySpan<int> cachedEnds))
            {
                for (int k = 0; k < cachedIds.Length; k++)
                {
                    ids.Add(cachedIds[k]);
                    ends.Add(wordStart + cachedEnds[k]);
                }
            }
            else
            {
                int first = ids.Count;
                _model.Encode(word, scratch.Viterbi, ids, ends);
                if (word.Length <= WordCache.MaxWordBytes)
                {
                    cache.Add(word, ids.Span.Slice(first), ends.Span.Slice(first));
                }

                for (int k = first; k < ends.Count; k++)
                {
                    ends[k] += wordStart;
                }
            }

            wordStart = wordEnd;
        }
    }

    /// <summary>UTF-16 to UTF-8, recording for every byte the index of the UTF-16 character it came from.</summary>
    private static void ToUtf8(ReadOnlySpan<char> text, GrowableBuffer<byte> utf8, GrowableBuffer<int> byteToChar)
    {
        utf8.Clear();
        byteToChar.Clear();
        utf8.EnsureCapacity((text.Length * 3) + 1);
        byteToChar.EnsureCapacity((text.Length * 3) + 1);
        Span<byte> bytes = stackalloc byte[4];
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c < 0x80)
            {
                utf8.Add((byte)c);
                byteToChar.Add(i);
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

            int n = rune.EncodeToUtf8(bytes);
            for (int b = 0; b < n; b++)
            {
                utf8.Add(bytes[b]);
                byteToChar.Add(start);
            }
        }

        byteToChar.Add(text.Length);
    }
}

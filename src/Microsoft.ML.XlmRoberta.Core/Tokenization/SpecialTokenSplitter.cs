using Microsoft.ML.XlmRoberta.Tokenization.Normalization;
using Microsoft.ML.XlmRoberta.Tokenization.SentencePiece;

namespace Microsoft.ML.XlmRoberta.Tokenization;

/// <summary>A special token that is recognised when written in the text, with Hugging Face's strip rules.</summary>
/// <param name="Content">The literal text, e.g. <c>&lt;mask&gt;</c>.</param>
/// <param name="Id">Its id.</param>
/// <param name="StripLeft">Whether it swallows the whitespace on its left (AddedToken <c>lstrip</c>).</param>
/// <param name="StripRight">Whether it swallows the whitespace on its right (AddedToken <c>rstrip</c>).</param>
internal readonly record struct SpecialToken(string Content, int Id, bool StripLeft, bool StripRight);

/// <summary>
/// Splits text on special tokens written in it, the way transformers 4.28's slow <c>tokenize</c> does: the leftmost
/// (then longest) match wins, empty pieces are dropped, and each special token strips whitespace (Python's
/// <c>str.strip</c> notion) from the neighbouring text pieces according to its lstrip/rstrip flags (plain string
/// tokens strip both sides).
/// </summary>
internal sealed class SpecialTokenSplitter
{
    private readonly SpecialToken[] _tokens;
    private readonly System.Buffers.SearchValues<char> _firstChars;
    private readonly bool _unicodeWhiteSpace;

    /// <param name="tokens">The tokens to split out.</param>
    /// <param name="unicodeWhiteSpace">
    /// Strip Unicode White_Space (Rust's <c>char::is_whitespace</c>, as Hugging Face's fast tokenizers do) instead of
    /// Python's <c>str.isspace</c> set.
    /// </param>
    public SpecialTokenSplitter(IReadOnlyList<SpecialToken> tokens, bool unicodeWhiteSpace)
    {
        _unicodeWhiteSpace = unicodeWhiteSpace;
        _tokens = tokens.Where(t => t.Content.Length > 0).ToArray();
        _firstChars = System.Buffers.SearchValues.Create(new string(_tokens.Select(t => t.Content[0]).Distinct().ToArray()));
    }

    /// <summary>Fills <paramref name="segments"/> with the text pieces (stripped, non-empty) and special tokens.</summary>
    public void Split(ReadOnlySpan<char> text, GrowableBuffer<TextSegment> segments)
    {
        segments.Clear();
        int pieceStart = 0;
        int i = 0;
        while (i < text.Length)
        {
            int next = _tokens.Length == 0 ? -1 : text.Slice(i).IndexOfAny(_firstChars);
            if (next < 0)
            {
                break;
            }

            i += next;
            int best = -1;
            for (int t = 0; t < _tokens.Length; t++)
            {
                string content = _tokens[t].Content;
                if (text.Slice(i).StartsWith(content, StringComparison.Ordinal)
                    && (best < 0 || content.Length > _tokens[best].Content.Length))
                {
                    best = t;
                }
            }

            if (best < 0)
            {
                i++;
                continue;
            }

            if (i > pieceStart)
            {
                segments.Add(new TextSegment(pieceStart, i - pieceStart, -1));
            }

            segments.Add(new TextSegment(i, _tokens[best].Content.Length, best));
            i += _tokens[best].Content.Length;
            pieceStart = i;
        }

        if (text.Length > pieceStart)
        {
            segments.Add(new TextSegment(pieceStart, text.Length - pieceStart, -1));
        }

        ApplyStrips(text, segments);
    }

    /// <summary>The id of the special token at index <paramref name="index"/> of the list given to the constructor.</summary>
    public int IdOf(int index) => _tokens[index].Id;

    private void ApplyStrips(ReadOnlySpan<char> text, GrowableBuffer<TextSegment> segments)
    {
        for (int k = 0; k < segments.Count; k++)
        {
            if (segments[k].SpecialId < 0)
            {
                continue;
            }

            SpecialToken token = _tokens[segments[k].SpecialId];
            if (token.StripRight && k + 1 < segments.Count && segments[k + 1].SpecialId < 0)
            {
                segments[k + 1] = Strip(text, segments[k + 1], left: true, _unicodeWhiteSpace);
            }

            if (token.StripLeft && k > 0 && segments[k - 1].SpecialId < 0)
            {
                segments[k - 1] = Strip(text, segments[k - 1], left: false, _unicodeWhiteSpace);
            }
        }
    }

    private static TextSegment Strip(ReadOnlySpan<char> text, TextSegment segment, bool left, bool unicodeWhiteSpace)
    {
        int start = segment.Start;
        int length = segment.Length;
        if (unicodeWhiteSpace)
        {
            Whitespace.StripUnicode(text, ref start, ref length, left, !left);
        }
        else
        {
            Whitespace.Strip(text, ref start, ref length, left, !left);
        }

        return segment with { Start = start, Length = length };
    }
}

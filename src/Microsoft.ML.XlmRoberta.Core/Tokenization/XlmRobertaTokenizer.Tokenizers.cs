using System.Buffers;
using Microsoft.ML.Tokenizers;
using Microsoft.ML.XlmRoberta.Tokenization.SentencePiece;

namespace Microsoft.ML.XlmRoberta.Tokenization;

/// <content>
/// The <see cref="Tokenizer"/> (Microsoft.ML.Tokenizers 2.0) contract. Through it, as through the methods above:
/// <list type="bullet">
/// <item>Ids are XLM-R's Hugging Face ids (<c>&lt;s&gt;</c>=0, <c>&lt;pad&gt;</c>=1, <c>&lt;/s&gt;</c>=2,
/// <c>&lt;unk&gt;</c>=3, SentencePiece piece i → i+1, <c>&lt;mask&gt;</c>=250001), not SentencePiece's.</item>
/// <item>Every result includes <c>&lt;s&gt;</c> … <c>&lt;/s&gt;</c> (Hugging Face's <c>add_special_tokens=True</c>), and
/// <c>CountTokens</c>, <c>MaxTokenCount</c> and <c>GetIndexByTokenCount</c> count them.</item>
/// <item><see cref="EncodedToken.Offset"/> and <c>charsConsumed</c> index the original text (the whitespace that became
/// a token's <c>▁</c> excluded; added <c>&lt;s&gt;</c>/<c>&lt;/s&gt;</c> get <c>0..0</c>), so <c>normalizedText</c> is
/// always null.</item>
/// <item>Normalization and Metaspace pre-tokenization are part of the model; <c>considerNormalization</c> and
/// <c>considerPreTokenization</c> are accepted and ignored (skipping them would give ids no XLM-R model was trained on).
/// <see cref="Normalizer"/> shows the normalized text the segmenter sees; <see cref="PreTokenizer"/> is null.</item>
/// <item>A cut made by <c>MaxTokenCount</c> or <c>GetIndexByTokenCount</c> falls between tokens whose source characters do
/// not overlap, so it never splits a character that produced several tokens.</item>
/// </list>
/// </content>
public sealed partial class XlmRobertaTokenizer
{
    private XlmRobertaNormalizer? _normalizerView;

    /// <summary>The normalization the segmenter applies, as a Microsoft.ML.Tokenizers <see cref="Tokenizers.Normalizer"/> (spaces shown as U+2581).</summary>
    public override Normalizer Normalizer => _normalizerView ??= new XlmRobertaNormalizer(_encoder);

    /// <summary>Null: Metaspace pre-tokenization is applied inside the model (see <see cref="Normalizer"/>).</summary>
    public override PreTokenizer? PreTokenizer => null;

    /// <summary>Decodes ids as <see cref="Decode(ReadOnlySpan{int}, bool)"/> does, special tokens skipped.</summary>
    /// <param name="ids">The ids.</param>
    /// <exception cref="ArgumentOutOfRangeException">An id is outside the vocabulary.</exception>
    public override string Decode(IEnumerable<int> ids) => Decode(ids, skipSpecialTokens: true);

    /// <summary>
    /// Decodes ids (special tokens skipped) into <paramref name="destination"/>; when it is too small, writes the
    /// decoding of the longest prefix of <paramref name="ids"/> that fits.
    /// </summary>
    /// <param name="ids">The ids.</param>
    /// <param name="destination">Receives the text.</param>
    /// <param name="idsConsumed">How many ids the written text decodes.</param>
    /// <param name="charsWritten">How many characters were written.</param>
    /// <returns><see cref="OperationStatus.Done"/>, or <see cref="OperationStatus.DestinationTooSmall"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An id is outside the vocabulary.</exception>
    public override OperationStatus Decode(IEnumerable<int> ids, Span<char> destination, out int idsConsumed, out int charsWritten)
    {
        ArgumentNullException.ThrowIfNull(ids);
        int[] all = ids as int[] ?? ids.ToArray();
        string text = Decode(all, skipSpecialTokens: true);
        if (text.Length <= destination.Length)
        {
            text.CopyTo(destination);
            idsConsumed = all.Length;
            charsWritten = text.Length;
            return OperationStatus.Done;
        }

        idsConsumed = 0;
        charsWritten = 0;
        for (int k = 1; k < all.Length; k++)
        {
            string prefix = Decode(all.AsSpan(0, k), skipSpecialTokens: true);
            if (prefix.Length > destination.Length)
            {
                break;
            }

            prefix.CopyTo(destination);
            idsConsumed = k;
            charsWritten = prefix.Length;
        }

        return OperationStatus.DestinationTooSmall;
    }

    /// <inheritdoc/>
    protected override EncodeResults<EncodedToken> EncodeToTokens(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        ReadOnlySpan<char> span = text is null ? textSpan : text.AsSpan();
        TokenBuffer tokens = EncodeForTokenizer(span);
        int kept = Fit(tokens, settings.MaxTokenCount, fromEnd: false, span.Length, out int index);
        var result = new List<EncodedToken>(kept + 2);
        if (SpecialCount <= settings.MaxTokenCount)
        {
            result.Add(new EncodedToken(ClsTokenId, _vocabulary[ClsTokenId], new Range(0, 0)));
            for (int i = 0; i < kept; i++)
            {
                int id = tokens.Ids[i];
                result.Add(new EncodedToken(id, _vocabulary[id], new Range(tokens.Starts[i], tokens.Ends[i])));
            }

            result.Add(new EncodedToken(SepTokenId, _vocabulary[SepTokenId], new Range(0, 0)));
        }

        return new EncodeResults<EncodedToken> { Tokens = result, NormalizedText = null, CharsConsumed = index };
    }

    /// <inheritdoc/>
    protected override EncodeResults<int> EncodeToIds(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        ReadOnlySpan<char> span = text is null ? textSpan : text.AsSpan();
        TokenBuffer tokens = EncodeForTokenizer(span);
        int kept = Fit(tokens, settings.MaxTokenCount, fromEnd: false, span.Length, out int index);
        int[] ids = [];
        if (SpecialCount <= settings.MaxTokenCount)
        {
            ids = new int[kept + SpecialCount];
            ids[0] = ClsTokenId;
            tokens.Ids.Span.Slice(0, kept).CopyTo(ids.AsSpan(1));
            ids[^1] = SepTokenId;
        }

        return new EncodeResults<int> { Tokens = ids, NormalizedText = null, CharsConsumed = index };
    }

    /// <inheritdoc/>
    protected override int CountTokens(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        ReadOnlySpan<char> span = text is null ? textSpan : text.AsSpan();
        int count = EncodeForTokenizer(span).Count + SpecialCount;
        return Math.Min(count, settings.MaxTokenCount);
    }

    /// <inheritdoc/>
    protected override int GetIndexByTokenCount(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings, bool fromEnd, out string? normalizedText, out int tokenCount)
    {
        ReadOnlySpan<char> span = text is null ? textSpan : text.AsSpan();
        TokenBuffer tokens = EncodeForTokenizer(span);
        int kept = Fit(tokens, settings.MaxTokenCount, fromEnd, span.Length, out int index);
        normalizedText = null;
        tokenCount = SpecialCount <= settings.MaxTokenCount ? kept + SpecialCount : 0;
        return index;
    }

    private const int SpecialCount = 2;

    private TokenBuffer EncodeForTokenizer(ReadOnlySpan<char> text)
    {
        EncoderScratch scratch = _scratch.Value!;
        EncodeSequence(text, scratch, scratch.First);
        return scratch.First;
    }

    /// <summary>
    /// How many text tokens fit in <paramref name="maxTokenCount"/> with <c>&lt;s&gt;</c> and <c>&lt;/s&gt;</c>, cut
    /// only where neighbouring tokens come from separate characters; <paramref name="index"/> is the end (or, from the
    /// end, the start) of the kept text in <paramref name="textLength"/> characters.
    /// </summary>
    private static int Fit(TokenBuffer tokens, int maxTokenCount, bool fromEnd, int textLength, out int index)
    {
        int n = tokens.Count;
        int budget = Math.Max(0, maxTokenCount - SpecialCount);
        if (n <= budget)
        {
            index = fromEnd ? 0 : textLength;
            return n;
        }

        Span<int> starts = tokens.Starts.Span;
        Span<int> ends = tokens.Ends.Span;
        for (int k = budget; k > 0; k--)
        {
            if (!fromEnd && ends[k - 1] <= starts[k])
            {
                index = ends[k - 1];
                return k;
            }

            if (fromEnd && starts[n - k] >= ends[n - k - 1])
            {
                index = starts[n - k];
                return k;
            }
        }

        index = fromEnd ? textLength : 0;
        return 0;
    }

    /// <summary>The tokenizer's normalization as a Microsoft.ML.Tokenizers <see cref="Tokenizers.Normalizer"/>.</summary>
    private sealed class XlmRobertaNormalizer(SentencePieceEncoder encoder) : Normalizer
    {
        public override string Normalize(string original) => encoder.NormalizeToString(original);

        public override string Normalize(ReadOnlySpan<char> original) => encoder.NormalizeToString(original);
    }
}

using Microsoft.ML.XlmRoberta.Tokenization.SentencePiece;

namespace Microsoft.ML.XlmRoberta.Tokenization;

/// <content>Encoding: single texts, pairs, batches, token counts and the allocation-free id path.</content>
public sealed partial class XlmRobertaTokenizer
{
    /// <summary>
    /// Encodes a text, or a text pair (<c>&lt;s&gt; A &lt;/s&gt;&lt;/s&gt; B &lt;/s&gt;</c>), with Hugging Face's
    /// truncation; with <see cref="XlmRobertaEncodeOptions.Truncation"/> false over-long input is returned whole.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="textPair">The second text of a pair, or null. An empty string is an empty second sequence.</param>
    /// <param name="options">Options; null for <see cref="XlmRobertaEncodeOptions.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public XlmRobertaEncoding Encode(string text, string? textPair = null, XlmRobertaEncodeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= XlmRobertaEncodeOptions.Default;
        EncoderScratch scratch = _scratch.Value!;
        TokenBuffer first = scratch.First;
        TokenBuffer? second = textPair is null ? null : scratch.Second;
        EncodeSequence(text, scratch, first);
        if (second is not null)
        {
            EncodeSequence(textPair, scratch, second);
        }

        bool addSpecial = options.AddSpecialTokens;
        int specialCount = addSpecial ? (second is null ? 2 : 4) : 0;
        int total = first.Count + (second?.Count ?? 0) + specialCount;
        bool truncated = false;
        int maxLength = options.MaxLength ?? ModelMaxLength;
        if (options.MaxLength is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxLength, "MaxLength must not be negative.");
        }

        if (options.Truncation && maxLength > 0 && total > maxLength)
        {
            truncated = SequenceTruncation.Truncate(first, second, total - maxLength, options.TruncationStrategy);
            total = first.Count + (second?.Count ?? 0) + specialCount;
        }

        var ids = new int[total];
        var offsets = new TokenOffset[total];
        var sequenceIds = new int[total];
        int n = 0;
        if (addSpecial)
        {
            AddSpecialToken(ClsTokenId, ids, offsets, sequenceIds, ref n);
        }

        CopySequence(first, 0, ids, offsets, sequenceIds, ref n);
        if (addSpecial)
        {
            AddSpecialToken(SepTokenId, ids, offsets, sequenceIds, ref n);
        }

        if (second is not null)
        {
            if (addSpecial)
            {
                AddSpecialToken(SepTokenId, ids, offsets, sequenceIds, ref n);
            }

            CopySequence(second, 1, ids, offsets, sequenceIds, ref n);
            if (addSpecial)
            {
                AddSpecialToken(SepTokenId, ids, offsets, sequenceIds, ref n);
            }
        }

        return new XlmRobertaEncoding(ids, offsets, sequenceIds, truncated, _vocabulary);
    }

    /// <summary>The number of tokens of <paramref name="text"/>, special tokens included, without truncation.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public int CountTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return CountTokens(text.AsSpan());
    }

    /// <summary>The number of tokens of <paramref name="text"/>, special tokens included, without truncation.</summary>
    public int CountTokens(ReadOnlySpan<char> text)
    {
        EncoderScratch scratch = _scratch.Value!;
        EncodeSequence(text, scratch, scratch.First, trackOffsets: false);
        return scratch.First.Count + 2;
    }

    /// <summary>The ids of <paramref name="text"/>, without truncation (Microsoft.ML.Tokenizers' <c>EncodeToIds</c>).</summary>
    /// <param name="text">The text.</param>
    /// <param name="addSpecialTokens">Whether <c>&lt;s&gt;</c> and <c>&lt;/s&gt;</c> are added.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public IReadOnlyList<int> EncodeToIds(string text, bool addSpecialTokens = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        EncoderScratch scratch = _scratch.Value!;
        TokenBuffer tokens = scratch.First;
        EncodeSequence(text, scratch, tokens, trackOffsets: false);
        var ids = new int[tokens.Count + (addSpecialTokens ? 2 : 0)];
        bool written = TryCopyIds(tokens, ids, addSpecialTokens);
        System.Diagnostics.Debug.Assert(written, "the array was sized for the ids");
        return ids;
    }

    /// <summary>
    /// Hot path: encodes <paramref name="text"/> without truncation into <paramref name="destination"/>, allocating
    /// nothing in steady state.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="destination">Receives the ids.</param>
    /// <param name="written">The number of ids, or the number needed when <paramref name="destination"/> is too small.</param>
    /// <param name="addSpecialTokens">Whether <c>&lt;s&gt;</c> and <c>&lt;/s&gt;</c> are added.</param>
    /// <returns>False when <paramref name="destination"/> is too small (nothing useful is written then).</returns>
    public bool TryEncodeToIds(ReadOnlySpan<char> text, Span<int> destination, out int written, bool addSpecialTokens = true)
    {
        EncoderScratch scratch = _scratch.Value!;
        TokenBuffer tokens = scratch.First;
        EncodeSequence(text, scratch, tokens, trackOffsets: false);
        written = tokens.Count + (addSpecialTokens ? 2 : 0);
        return TryCopyIds(tokens, destination, addSpecialTokens);
    }

    private bool TryCopyIds(TokenBuffer tokens, Span<int> destination, bool addSpecialTokens)
    {
        if (destination.Length < tokens.Count + (addSpecialTokens ? 2 : 0))
        {
            return false;
        }

        int n = 0;
        if (addSpecialTokens)
        {
            destination[n++] = ClsTokenId;
        }

        tokens.Ids.Span.CopyTo(destination.Slice(n));
        n += tokens.Count;
        if (addSpecialTokens)
        {
            destination[n] = SepTokenId;
        }

        return true;
    }

    /// <summary>
    /// Hot path: appends the ids (and, when <paramref name="offsets"/> is given, the offsets) of <paramref name="text"/>
    /// to caller-owned lists, without truncation; allocates nothing once the lists have grown.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="ids">Receives the ids.</param>
    /// <param name="offsets">Receives the offsets, or null.</param>
    /// <param name="addSpecialTokens">Whether <c>&lt;s&gt;</c> and <c>&lt;/s&gt;</c> are added.</param>
    /// <returns>The number of ids appended.</returns>
    public int EncodeToIds(ReadOnlySpan<char> text, List<int> ids, List<TokenOffset>? offsets = null, bool addSpecialTokens = true)
    {
        ArgumentNullException.ThrowIfNull(ids);
        EncoderScratch scratch = _scratch.Value!;
        TokenBuffer tokens = scratch.First;
        int idsBefore = ids.Count;
        int offsetsBefore = offsets?.Count ?? 0;
        if (addSpecialTokens)
        {
            ids.Add(ClsTokenId);
            offsets?.Add(default);
        }

        // The tokens go straight into the caller's lists: a huge text's ids are stored once.
        int count;
        tokens.SinkTo(ids, offsets);
        try
        {
            EncodeSequence(text, scratch, tokens, trackOffsets: offsets is not null);
            count = tokens.Count;
        }
        catch
        {
            // Leave the caller's lists as they were.
            ids.RemoveRange(idsBefore, ids.Count - idsBefore);
            offsets?.RemoveRange(offsetsBefore, offsets.Count - offsetsBefore);
            throw;
        }
        finally
        {
            tokens.EndSink();
        }

        if (addSpecialTokens)
        {
            ids.Add(SepTokenId);
            offsets?.Add(default);
        }

        return count + (addSpecialTokens ? 2 : 0);
    }

    /// <summary>
    /// Encodes a batch and pads it to its longest row (rounded up to <see cref="XlmRobertaEncodeOptions.PadToMultipleOf"/>)
    /// with <see cref="BatchPadding"/>.
    /// </summary>
    /// <param name="texts">The texts.</param>
    /// <param name="textPairs">The second texts (same count), or null.</param>
    /// <param name="options">Options; null for <see cref="XlmRobertaEncodeOptions.Default"/>.</param>
    public XlmRobertaBatchEncoding EncodeBatch(IReadOnlyList<string> texts, IReadOnlyList<string?>? textPairs = null, XlmRobertaEncodeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (textPairs is not null && textPairs.Count != texts.Count)
        {
            throw new ArgumentException($"textPairs has {textPairs.Count} entries but texts has {texts.Count}.", nameof(textPairs));
        }

        if (options?.PadToMultipleOf is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.PadToMultipleOf, "PadToMultipleOf must be positive.");
        }

        var encodings = new XlmRobertaEncoding[texts.Count];
        int longest = 0;
        for (int i = 0; i < texts.Count; i++)
        {
            string text = texts[i] ?? throw new ArgumentNullException(nameof(texts), $"Text {i} of the batch is null.");
            encodings[i] = Encode(text, textPairs?[i], options);
            longest = Math.Max(longest, encodings[i].Count);
        }

        int multiple = options?.PadToMultipleOf ?? 1;
        int sequenceLength = longest % multiple == 0 ? longest : ((longest / multiple) + 1) * multiple;
        var inputIds = new long[texts.Count * sequenceLength];
        var attentionMask = new long[texts.Count * sequenceLength];
        BatchPadding.Pad(encodings, sequenceLength, PadTokenId, inputIds, attentionMask);
        return new XlmRobertaBatchEncoding(encodings, sequenceLength, inputIds, attentionMask);
    }

    /// <summary>
    /// Decodes ids as Hugging Face does: tokens joined, U+2581 as spaces, stripped, with
    /// <c>clean_up_tokenization_spaces</c> (spaces before <c>. ? ! ,</c> and some English contractions removed).
    /// </summary>
    /// <param name="ids">The ids.</param>
    /// <param name="skipSpecialTokens">Whether special tokens (<c>&lt;s&gt;</c>, <c>&lt;/s&gt;</c>, <c>&lt;pad&gt;</c>, <c>&lt;unk&gt;</c>, <c>&lt;mask&gt;</c>) are dropped.</param>
    /// <exception cref="ArgumentOutOfRangeException">An id is outside the vocabulary.</exception>
    public string Decode(ReadOnlySpan<int> ids, bool skipSpecialTokens = true)
        => XlmRobertaDecoder.Decode(ids, _vocabulary, _isSpecial, skipSpecialTokens);

    /// <summary>Decodes ids as <see cref="Decode(ReadOnlySpan{int}, bool)"/> does.</summary>
    /// <param name="ids">The ids.</param>
    /// <param name="skipSpecialTokens">Whether special tokens are dropped.</param>
    /// <exception cref="ArgumentNullException"><paramref name="ids"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An id is outside the vocabulary.</exception>
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = true)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return Decode(ids is int[] array ? array : ids.ToArray(), skipSpecialTokens);
    }

    private void EncodeSequence(ReadOnlySpan<char> text, EncoderScratch scratch, TokenBuffer output, bool trackOffsets = true)
    {
        output.Clear();
        output.TrackOffsets = trackOffsets;
        GrowableBuffer<TextSegment> segments = scratch.Segments;
        _splitter.Split(text, segments);
        for (int k = 0; k < segments.Count; k++)
        {
            TextSegment segment = segments[k];
            if (segment.SpecialId >= 0)
            {
                output.Add(_splitter.IdOf(segment.SpecialId), segment.Start, segment.Start + segment.Length);
            }
            else if (segment.Length > 0)
            {
                _encoder.Encode(text.Slice(segment.Start, segment.Length), segment.Start, scratch, output);
            }
        }
    }

    private static void AddSpecialToken(int id, int[] ids, TokenOffset[] offsets, int[] sequenceIds, ref int n)
    {
        ids[n] = id;
        offsets[n] = default;
        sequenceIds[n] = -1;
        n++;
    }

    private static void CopySequence(TokenBuffer tokens, int sequenceId, int[] ids, TokenOffset[] offsets, int[] sequenceIds, ref int n)
    {
        for (int i = 0; i < tokens.Count; i++)
        {
            ids[n] = tokens.Ids[i];
            offsets[n] = new TokenOffset(tokens.Starts[i], tokens.Ends[i]);
            sequenceIds[n] = sequenceId;
            n++;
        }
    }
}

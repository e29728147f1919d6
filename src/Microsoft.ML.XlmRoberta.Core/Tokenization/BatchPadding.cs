using System.Numerics;

namespace Microsoft.ML.XlmRoberta.Tokenization;

/// <summary>Packs encodings into row-major <c>[rows, sequenceLength]</c> input-id and attention-mask tensors, right-padded.</summary>
public static class BatchPadding
{
    /// <summary>
    /// Writes each row's ids followed by <paramref name="padTokenId"/> up to <paramref name="sequenceLength"/>, and the
    /// matching attention mask (1 on tokens, 0 on padding).
    /// </summary>
    /// <param name="rows">The encodings, one per row.</param>
    /// <param name="sequenceLength">The padded length of every row.</param>
    /// <param name="padTokenId">The id written into padding positions.</param>
    /// <param name="inputIds">Destination of at least <c>rows.Count * sequenceLength</c> ids.</param>
    /// <param name="attentionMask">Destination of at least <c>rows.Count * sequenceLength</c> mask values.</param>
    /// <exception cref="ArgumentException">A destination is too small or a row is longer than <paramref name="sequenceLength"/>.</exception>
    public static void Pad(IReadOnlyList<XlmRobertaEncoding> rows, int sequenceLength, int padTokenId, Span<long> inputIds, Span<long> attentionMask)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(sequenceLength);
        long needed = (long)rows.Count * sequenceLength;
        if (inputIds.Length < needed)
        {
            throw new ArgumentException($"inputIds holds {inputIds.Length} values but {rows.Count} rows of {sequenceLength} need {needed}.", nameof(inputIds));
        }

        if (attentionMask.Length < needed)
        {
            throw new ArgumentException($"attentionMask holds {attentionMask.Length} values but {rows.Count} rows of {sequenceLength} need {needed}.", nameof(attentionMask));
        }

        for (int r = 0; r < rows.Count; r++)
        {
            XlmRobertaEncoding row = rows[r] ?? throw new ArgumentException($"Row {r} is null.", nameof(rows));
            ReadOnlySpan<int> ids = row.IdsSpan;
            if (ids.Length > sequenceLength)
            {
                throw new ArgumentException($"Row {r} has {ids.Length} tokens, more than the sequence length {sequenceLength}.", nameof(rows));
            }

            PadRow(ids, inputIds.Slice(r * sequenceLength, sequenceLength), attentionMask.Slice(r * sequenceLength, sequenceLength), (long)padTokenId);
        }
    }

    /// <summary>
    /// The one padder (the tokenizer's batches and the encoder's ONNX inputs both use it): copies <paramref name="ids"/>
    /// into the start of <paramref name="idRow"/>, fills the rest with <paramref name="pad"/>, and writes the mask.
    /// </summary>
    internal static void PadRow<T>(ReadOnlySpan<int> ids, Span<T> idRow, Span<T> maskRow, T pad)
        where T : unmanaged, IBinaryInteger<T>
    {
        for (int i = 0; i < ids.Length; i++)
        {
            idRow[i] = T.CreateTruncating(ids[i]);
        }

        idRow[ids.Length..].Fill(pad);
        maskRow[..ids.Length].Fill(T.One);
        maskRow[ids.Length..].Clear();
    }
}

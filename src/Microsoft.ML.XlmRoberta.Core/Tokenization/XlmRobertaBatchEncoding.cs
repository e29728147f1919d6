namespace Microsoft.ML.XlmRoberta.Tokenization;

/// <summary>A padded batch: the per-row encodings and the row-major id and attention-mask tensors.</summary>
public sealed class XlmRobertaBatchEncoding
{
    internal XlmRobertaBatchEncoding(IReadOnlyList<XlmRobertaEncoding> encodings, int sequenceLength, long[] inputIds, long[] attentionMask)
    {
        Encodings = encodings;
        SequenceLength = sequenceLength;
        InputIds = inputIds;
        AttentionMask = attentionMask;
    }

    /// <summary>The unpadded encodings, one per input text.</summary>
    public IReadOnlyList<XlmRobertaEncoding> Encodings { get; }

    /// <summary>The number of rows.</summary>
    public int BatchSize => Encodings.Count;

    /// <summary>The padded length of every row.</summary>
    public int SequenceLength { get; }

    /// <summary>Row-major <c>[BatchSize, SequenceLength]</c> ids, right-padded with the pad token id.</summary>
    public long[] InputIds { get; }

    /// <summary>Row-major <c>[BatchSize, SequenceLength]</c> attention mask: 1 on tokens, 0 on padding.</summary>
    public long[] AttentionMask { get; }
}

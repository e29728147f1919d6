namespace Microsoft.ML.XlmRoberta.Encoder;

/// <summary>Receives the encoder's output for each segment; implemented by the task heads.</summary>
internal abstract class SegmentSink
{
    /// <summary>
    /// One segment's output. For a per-token output <paramref name="row"/> holds <c>segment.Length × width</c> floats
    /// (padding excluded); for a per-sequence output it holds <paramref name="width"/> floats. The span is valid only
    /// during the call.
    /// </summary>
    public abstract void Accept(in Segment segment, ReadOnlySpan<float> row, int width);

    /// <summary>
    /// One segment's value of output <paramref name="output"/> (its index among the outputs run together); a sink of
    /// several outputs overrides this, the others receive output 0 through <see cref="Accept(in Segment, ReadOnlySpan{float}, int)"/>.
    /// </summary>
    public virtual void Accept(in Segment segment, int output, ReadOnlySpan<float> row, int width) => Accept(segment, row, width);
}

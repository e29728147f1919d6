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
}

namespace Microsoft.ML.XlmRoberta.Encoder;

/// <summary>Counters accumulated by an encoder since it was loaded (all callers together).</summary>
/// <param name="Batches">ONNX Runtime calls made.</param>
/// <param name="Sequences">Sequences (inputs or windows) encoded.</param>
/// <param name="RealTokens">Tokens that were not padding.</param>
/// <param name="PaddedTokens">Tokens fed to the model, padding included (rows × padded length).</param>
/// <param name="SessionRunTime">Time spent inside <c>InferenceSession.Run</c>.</param>
public readonly record struct EncoderStatistics(
    long Batches, long Sequences, long RealTokens, long PaddedTokens, TimeSpan SessionRunTime)
{
    /// <summary>Padding overhead: padding tokens per real token (0 means none).</summary>
    public double PaddingWaste => RealTokens == 0 ? 0 : (double)(PaddedTokens - RealTokens) / RealTokens;
}

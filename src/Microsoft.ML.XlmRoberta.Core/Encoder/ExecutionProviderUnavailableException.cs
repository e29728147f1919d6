namespace Microsoft.ML.XlmRoberta.Encoder;

/// <summary>
/// The requested execution provider cannot be used here (no GPU build of ONNX Runtime, no driver or no device), and
/// <see cref="XlmRobertaEncoderOptions.AllowCpuFallback"/> is off.
/// </summary>
public sealed class ExecutionProviderUnavailableException : XlmRobertaException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="provider">The provider that was asked for.</param>
    /// <param name="innerException">ONNX Runtime's own error.</param>
    public ExecutionProviderUnavailableException(ExecutionProvider provider, Exception innerException)
        : base($"The {provider} execution provider is not available: {innerException.Message} " +
               "Install the GPU build of ONNX Runtime with matching CUDA libraries, or set AllowCpuFallback.", innerException)
    {
        Provider = provider;
    }

    /// <summary>The provider that was asked for.</summary>
    public ExecutionProvider Provider { get; }
}

namespace Microsoft.ML.XlmRoberta.Encoder;

/// <summary>
/// The ONNX Runtime native library cannot be loaded: the application references only the managed API
/// (<c>Microsoft.ML.OnnxRuntime.Managed</c>, which this library uses) and no native package.
/// </summary>
public sealed class OnnxRuntimeUnavailableException : XlmRobertaException
{
    /// <summary>The message's advice: which NuGet packages provide the native library.</summary>
    public const string Advice =
        "Add the NuGet package 'Microsoft.ML.OnnxRuntime' (CPU) or 'Microsoft.ML.OnnxRuntime.Gpu' (CUDA + CPU) to the application.";

    /// <summary>Creates the exception.</summary>
    /// <param name="innerException">The loader's error (<see cref="DllNotFoundException"/> or a type initializer failure).</param>
    public OnnxRuntimeUnavailableException(Exception innerException)
        : base($"The ONNX Runtime native library could not be loaded ({Root(innerException).Message}). {Advice}", innerException)
    {
    }

    private static Exception Root(Exception e)
    {
        while (e is TypeInitializationException { InnerException: { } inner })
        {
            e = inner;
        }

        return e;
    }
}

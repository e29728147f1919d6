namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>The model produced NaN or infinity: a model problem (exit code 3), never an input line's fault.</summary>
public sealed class NonFiniteOutputException : Exception
{
    /// <summary>Creates the exception for the member named <paramref name="member"/>.</summary>
    public NonFiniteOutputException(string member, float value)
        : base($"the model produced a non-finite value ({value.ToString(System.Globalization.CultureInfo.InvariantCulture)}) in \"{member}\"; the model's weights or its ONNX export are broken")
    {
    }
}

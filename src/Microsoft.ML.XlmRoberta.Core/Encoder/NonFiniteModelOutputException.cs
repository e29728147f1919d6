using Microsoft.ML.XlmRoberta.ModelFolder;

namespace Microsoft.ML.XlmRoberta.Encoder;

/// <summary>
/// The ONNX graph produced NaN or infinity. This is a fault of the model (broken weights, an overflowing export),
/// never of the input text, so it is a <see cref="XlmRobertaModelException"/> and not an argument error.
/// </summary>
public sealed class NonFiniteModelOutputException : XlmRobertaModelException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="onnxPath">The ONNX graph that produced the value.</param>
    /// <param name="outputName">The graph output holding it.</param>
    /// <param name="value">The offending value (NaN or ±infinity).</param>
    /// <param name="index">Its position in the output of one sequence (token × width + column, or column).</param>
    public NonFiniteModelOutputException(string onnxPath, string outputName, float value, int index)
        : base($"The model '{onnxPath}' produced {value} in output '{outputName}' (value {index} of a sequence); " +
               "the model is broken, not the input.", onnxPath, $"output '{outputName}'")
    {
        OutputName = outputName;
        Value = value;
    }

    /// <summary>The graph output holding the value.</summary>
    public string OutputName { get; }

    /// <summary>The offending value.</summary>
    public float Value { get; }
}

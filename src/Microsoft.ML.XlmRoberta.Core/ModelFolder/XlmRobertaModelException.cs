namespace Microsoft.ML.XlmRoberta.ModelFolder;

/// <summary>
/// A model folder, its <c>config.json</c> or its ONNX graph is missing, unreadable or does not fit the requested task.
/// The message names the file, input or output that is at fault.
/// </summary>
public sealed class XlmRobertaModelException : XlmRobertaException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the file, input or output.</param>
    /// <param name="path">The file or folder at fault, when there is one.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public XlmRobertaModelException(string message, string? path = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Path = path;
    }

    /// <summary>The file or folder at fault, when there is one.</summary>
    public string? Path { get; }
}

namespace Microsoft.ML.XlmRoberta.ModelFolder;

/// <summary>
/// A model folder, its <c>config.json</c>, its tokenizer files or its ONNX graph is missing, unreadable, malformed or
/// does not fit the requested task. The message names the file and the key, input or output that is at fault.
/// </summary>
public class XlmRobertaModelException : XlmRobertaException
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

    /// <summary>Creates the exception for one field of one file.</summary>
    /// <param name="message">What is wrong, naming the file and the field.</param>
    /// <param name="path">The file or folder at fault.</param>
    /// <param name="field">
    /// The key (<c>hidden_size</c>, <c>id2label</c>), graph input or output (<c>output 'logits'</c>) at fault; for a
    /// file that is missing, unreadable or not parseable as a whole, the file's name.
    /// </param>
    /// <param name="innerException">The underlying error, if any.</param>
    public XlmRobertaModelException(string message, string? path, string? field, Exception? innerException = null)
        : base(message, innerException)
    {
        Path = path;
        Field = field;
    }

    /// <summary>The file or folder at fault, when there is one.</summary>
    public string? Path { get; }

    /// <summary>The key, graph input or output at fault (or the file's name when the whole file is bad).</summary>
    public string? Field { get; }
}

namespace Microsoft.ML.XlmRoberta;

/// <summary>
/// Base type of the exceptions this library throws for bad models, bad input and unavailable runtimes, so a caller can
/// catch them apart from bugs. The message always names what is wrong (file, column, token, length).
/// </summary>
public class XlmRobertaException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public XlmRobertaException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public XlmRobertaException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>
/// A result row could not be written (e.g. a string that is not valid UTF-16); nothing of the row was written and
/// the writer is ready for the next row.
/// </summary>
public sealed class RowWriteException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RowWriteException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

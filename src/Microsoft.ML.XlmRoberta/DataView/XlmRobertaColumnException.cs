namespace Microsoft.ML.XlmRoberta.DataView;

/// <summary>
/// An input column of an XLM-R transform is missing or is not text. Thrown by <c>Fit</c>, <c>GetOutputSchema</c>,
/// <c>Transform</c> and <c>GetRowToRowMapper</c> before any model work is done.
/// </summary>
public sealed class XlmRobertaColumnException : ArgumentOutOfRangeException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="columnName">The offending column.</param>
    /// <param name="message">What is wrong with it.</param>
    public XlmRobertaColumnException(string columnName, string message)
        : base("inputSchema", message)
    {
        ColumnName = columnName;
    }

    /// <summary>The name of the offending input column.</summary>
    public string ColumnName { get; }
}

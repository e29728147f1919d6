namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>An input line that cannot be read as a record; names the line and the problem.</summary>
public sealed class InputLineException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InputLineException(string source, long lineNumber, string problem, Exception? inner = null)
        : base($"{source}, line {lineNumber}: {problem}", inner)
    {
        LineNumber = lineNumber;
    }

    /// <summary>The 1-based line number.</summary>
    public long LineNumber { get; }
}

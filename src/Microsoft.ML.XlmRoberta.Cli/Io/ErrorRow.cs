namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>The row written in place of a line that could not be read or processed (<c>--on-error skip</c>).</summary>
internal sealed class ErrorRow : IOutputRow
{
    private readonly long _line;
    private readonly string _message;

    public ErrorRow(long line, string message)
    {
        _line = line;
        _message = RowText.OneLine(message);
    }

    public void WriteTo(IRowFields fields)
    {
        fields.String("error", _message);
        fields.Integer("line", _line);
    }
}

namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>Plain text, one input per line (no pairs); empty lines are inputs too, so output lines stay aligned.</summary>
public sealed class TextLinesInput : IRecordSource
{
    private readonly TextReader _reader;

    /// <summary>Reads from <paramref name="reader"/>.</summary>
    public TextLinesInput(TextReader reader) => _reader = reader;

    /// <inheritdoc />
    public IEnumerable<RecordResult> Read()
    {
        long lineNumber = 0;
        string? line;
        while ((line = _reader.ReadLine()) is not null)
        {
            yield return RecordResult.Ok(new InputRecord(++lineNumber, line, null));
        }
    }
}

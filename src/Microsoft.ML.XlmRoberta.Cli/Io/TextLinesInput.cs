namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>Plain text, one input per line (no pairs); empty lines are inputs too, so output lines stay aligned.</summary>
public sealed class TextLinesInput : IRecordSource
{
    private readonly Utf8LineReader _reader;
    private readonly string _sourceName;

    /// <summary>Reads from <paramref name="reader"/>; <paramref name="sourceName"/> names it in messages.</summary>
    public TextLinesInput(Utf8LineReader reader, string sourceName)
    {
        _reader = reader;
        _sourceName = sourceName;
    }

    /// <inheritdoc />
    public IEnumerable<RecordResult> Read()
    {
        while (_reader.TryReadLine(out InputLine line))
        {
            yield return line.Problem is null
                ? RecordResult.Ok(new InputRecord(line.Number, line.Text, null))
                : RecordResult.Fail(_sourceName, line.Number, line.Problem);
        }
    }
}

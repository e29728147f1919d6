namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>Input records in order; a record that cannot be read comes back as an error naming its line.</summary>
public interface IRecordSource
{
    /// <summary>Reads lazily.</summary>
    IEnumerable<RecordResult> Read();
}

/// <summary>A record, or the reason its line could not be read.</summary>
public readonly record struct RecordResult(InputRecord Record, InputLineException? Error)
{
    /// <summary>A good record.</summary>
    public static RecordResult Ok(InputRecord record) => new(record, null);

    /// <summary>A line that could not be read.</summary>
    public static RecordResult Fail(string source, long line, string problem, Exception? inner = null) =>
        new(default, new InputLineException(source, line, problem, inner));
}

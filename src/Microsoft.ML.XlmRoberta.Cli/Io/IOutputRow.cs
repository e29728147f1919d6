namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>
/// One typed output row: a command's result for one input record, which names its members in order and hands them to
/// whichever writer renders the row (<see cref="JsonLinesOutput"/> or <see cref="CsvOutput"/>).
/// </summary>
public interface IOutputRow
{
    /// <summary>Hands every member, in order, to <paramref name="fields"/>.</summary>
    void WriteTo(IRowFields fields);
}

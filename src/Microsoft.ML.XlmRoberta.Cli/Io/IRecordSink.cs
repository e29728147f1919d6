namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>
/// Where a command's results go: one output row per input record, in input order. Rows reach the stream only as
/// whole rows, on <see cref="Flush"/> (or when enough are buffered); <see cref="IDisposable.Dispose"/> does not flush,
/// so a job that failed writes nothing more.
/// </summary>
public interface IRecordSink : IDisposable
{
    /// <summary>Rows written so far, error rows included.</summary>
    long RowsWritten { get; }

    /// <summary>Writes <paramref name="row"/>, the result of <paramref name="record"/>.</summary>
    /// <exception cref="RowWriteException">The row cannot be written in this format (e.g. a text that is not valid UTF-16).</exception>
    void Write(in InputRecord record, IOutputRow row);

    /// <summary>Writes an error row in place of the record on <paramref name="line"/>.</summary>
    void WriteError(long line, string message);

    /// <summary>
    /// Writes an error row in place of <paramref name="record"/> (its line; formats that carry the record number and
    /// id take them too; a record that could not be read has no id).
    /// </summary>
    void WriteError(in InputRecord record, string message) => WriteError(record.LineNumber, message);

    /// <summary>Flushes buffered output.</summary>
    void Flush();
}

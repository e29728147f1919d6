using System.Text.Json;

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

    /// <summary>Writes the result of <paramref name="record"/>: <paramref name="writeMembers"/> writes the members of one JSON object.</summary>
    void Write(in InputRecord record, Action<Utf8JsonWriter> writeMembers);

    /// <summary>Writes an error row in place of the record on <paramref name="line"/>.</summary>
    void WriteError(long line, string message);

    /// <summary>Flushes buffered output.</summary>
    void Flush();
}

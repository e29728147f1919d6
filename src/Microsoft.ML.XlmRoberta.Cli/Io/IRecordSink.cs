using System.Text.Json;

namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>Where a command's results go: one output row per input record, in input order.</summary>
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

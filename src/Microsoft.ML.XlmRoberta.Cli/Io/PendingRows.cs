namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>
/// The sink a command writes to inside <see cref="RecordPipeline"/>: it keeps each result, or error, by its record's
/// index until the pipeline takes them out in input order. Records run ahead of their window wait here for their turn.
/// </summary>
internal sealed class PendingRows : IRecordSink
{
    private readonly Dictionary<long, Entry> _rows = [];

    /// <summary>A record's result: its row, or the error written in its place.</summary>
    public readonly record struct Entry(InputRecord Record, IOutputRow? Row, string? Error);

    /// <inheritdoc/>
    public long RowsWritten { get; private set; }

    /// <summary>Whether the record with index <paramref name="index"/> has its result here.</summary>
    public bool Contains(long index) => _rows.ContainsKey(index);

    /// <summary>Takes out the result of the record with index <paramref name="index"/>.</summary>
    public Entry Take(long index) =>
        _rows.Remove(index, out Entry entry) ? entry : throw new InvalidOperationException($"Record {index} has no result.");

    /// <inheritdoc/>
    public void Write(in InputRecord record, IOutputRow row) => Add(new Entry(record, row, null));

    /// <inheritdoc/>
    public void WriteError(in InputRecord record, string message) => Add(new Entry(record, null, message));

    /// <inheritdoc/>
    public void WriteError(long line, string message) =>
        throw new InvalidOperationException("An error row in place of a record that was read goes with its record.");

    /// <inheritdoc/>
    public void Flush()
    {
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    private void Add(Entry entry)
    {
        if (!_rows.TryAdd(entry.Record.Index, entry))
        {
            throw new InvalidOperationException($"Record {entry.Record.Index} got a second result.");
        }

        RowsWritten++;
    }
}

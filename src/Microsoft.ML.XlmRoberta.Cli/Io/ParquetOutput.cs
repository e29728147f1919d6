using System.Buffers.Binary;
using Parquet;
using Parquet.Schema;

namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>
/// Writes results as Apache Parquet, for Spark, DuckDB or pandas: <c>record</c> (the 0-based record number that
/// <c>--shard</c> splits by) and <c>line</c> (int64), the input's id column under its own name when one is named
/// (string), the result's members in the order the first row gives them (texts and nested values as strings, the
/// nested ones JSON; whole numbers as int64; model outputs as float; vectors as list&lt;float&gt;; all nullable), and
/// <c>error</c> (string, null on good rows) last.
/// </summary>
/// <remarks>
/// Rows are buffered and each <see cref="Flush"/> writes them as one row group followed by the footer, so after
/// every flush the file is a complete Parquet file. Appending the next row group overwrites that footer; its bytes
/// are kept in <see cref="Footer"/>, so a resumed job can put them back and continue from the last complete row group.
/// The schema is fixed by the first row group: a later row with another member is an output error, as in CSV.
/// </remarks>
public sealed class ParquetOutput : IRecordSink
{
    /// <summary>The column names the writer uses itself.</summary>
    public static readonly IReadOnlyList<string> ReservedColumns = ["record", "line", "error"];

    private readonly Stream _stream;
    private readonly int _rowGroupRows;
    private readonly ParquetColumn _record = new("record", ParquetColumnKind.Key);
    private readonly ParquetColumn _line = new("line", ParquetColumnKind.Key);
    private readonly ParquetColumn? _id;
    private readonly ParquetColumn _error = new("error", ParquetColumnKind.Text);
    private readonly List<ParquetColumn> _results = [];
    private readonly Dictionary<string, ParquetColumn> _resultsByName = new(StringComparer.Ordinal);
    private readonly ParquetRowFields _fields = new();
    private bool _fixed;
    private int _buffered;

    /// <summary>
    /// Writes to <paramref name="stream"/> (seekable and readable: an empty file, or one that ends with a footer this
    /// writer wrote); a row group holds about <paramref name="rowGroupRows"/> rows; <paramref name="idColumn"/> names
    /// the input's id column; <paramref name="columns"/>, when given, are a resumed job's result columns
    /// (<see cref="Columns"/>).
    /// </summary>
    public ParquetOutput(Stream stream, int rowGroupRows, string? idColumn, IReadOnlyList<string>? columns = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupRows, 1);
        _stream = new BufferedStream(stream, 1 << 16);
        _rowGroupRows = rowGroupRows;
        if (idColumn is not null)
        {
            _id = new ParquetColumn(idColumn, ParquetColumnKind.Text);
        }

        if (columns is not null)
        {
            foreach (string spec in columns)
            {
                ParquetColumn column = ParquetColumn.FromSpec(spec) ?? throw new CliException(ExitCodes.UsageError, $"cannot resume: the marker names an unknown Parquet column '{spec}'; run without --resume to start over.");
                _results.Add(column);
                _resultsByName.Add(column.Name, column);
            }

            _fixed = true;
        }
    }

    /// <inheritdoc />
    public long RowsWritten { get; private set; }

    /// <summary>Whether enough rows are buffered for a row group (the pipeline then flushes and checkpoints).</summary>
    public bool RowGroupFull => _buffered >= _rowGroupRows;

    /// <summary>The result columns, once a row group has fixed them (<c>kind:name</c>), for a resume marker.</summary>
    public IReadOnlyList<string>? Columns => _fixed ? _results.ConvertAll(c => c.Spec) : null;

    /// <summary>The file's last bytes after the latest flush (footer, its length and the magic); null before any.</summary>
    public byte[]? Footer { get; private set; }

    /// <inheritdoc />
    public void Write(in InputRecord record, IOutputRow row)
    {
        _fields.Members.Clear();
        row.WriteTo(_fields);
        Add(record.Index, record.LineNumber, ParquetRowFields.Checked(_id?.Name ?? "id", record.Id), _fields.Members, null);
    }

    /// <inheritdoc />
    public void WriteError(long line, string message) => WriteError(new InputRecord(line, string.Empty, null) { Index = -1 }, message);

    /// <inheritdoc />
    public void WriteError(in InputRecord record, string message) =>
        Add(record.Index, record.LineNumber, record.Id, [], RowText.OneLine(message));

    /// <summary>Writes the buffered rows as a row group, followed by the footer.</summary>
    public void Flush()
    {
        if (_buffered > 0)
        {
            WriteFile(withRowGroup: true);
        }
    }

    /// <summary>Flushes; a job without rows still leaves a valid Parquet file (its columns, no row group).</summary>
    public void Complete()
    {
        Flush();
        if (_stream.Length == 0)
        {
            WriteFile(withRowGroup: false);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // The stream belongs to the output file; a failed job writes nothing more.
    }

    private void Add(long index, long line, string? id, List<ParquetMember> members, string? error)
    {
        // Resolve every member before any value is kept: a row that does not fit leaves no trace.
        foreach (ParquetMember member in members)
        {
            Resolve(member);
        }

        long row = RowsWritten;
        _record.AddKey(index);
        _line.AddKey(line);
        _id?.AddText(id);
        foreach (ParquetMember member in members)
        {
            ParquetColumn column = _resultsByName[member.Name];
            switch (member.Kind)
            {
                case ParquetColumnKind.Integer:
                    column.AddInteger(member.Integer);
                    break;
                case ParquetColumnKind.Number:
                    column.AddNumber(member.Number);
                    break;
                case ParquetColumnKind.Numbers:
                    column.AddNumbers(member.Numbers!);
                    break;
                default:
                    column.AddText(member.Text);
                    break;
            }

            column.LastRow = row;
        }

        foreach (ParquetColumn column in _results)
        {
            if (column.LastRow != row)
            {
                column.AddNull();
            }
        }

        _error.AddText(error);
        _buffered++;
        RowsWritten++;
    }

    private void Resolve(ParquetMember member)
    {
        if (_resultsByName.TryGetValue(member.Name, out ParquetColumn? column))
        {
            if (column.Kind != member.Kind)
            {
                throw new CliException(ExitCodes.OutputError, $"Parquet output: member '{member.Name}' is {member.Kind} in this row but {column.Kind} in the column; use JSON lines output for ragged results.");
            }

            return;
        }

        if (ReservedColumns.Contains(member.Name) || member.Name == _id?.Name)
        {
            throw new CliException(ExitCodes.OutputError, $"Parquet output: the result member '{member.Name}' has the name of a column the writer adds (record, line, error or the id column).");
        }

        if (_fixed)
        {
            throw new CliException(ExitCodes.OutputError, $"Parquet output: a row has member '{member.Name}' that the file's columns (fixed by its first row group) lack; use JSON lines output for ragged results.");
        }

        // A new column before the first row group: the rows buffered so far lack it.
        column = new ParquetColumn(member.Name, member.Kind);
        for (int i = 0; i < _buffered; i++)
        {
            column.AddNull();
        }

        _results.Add(column);
        _resultsByName.Add(column.Name, column);
    }

    private ParquetSchema Schema()
    {
        var fields = new List<Field>(_results.Count + 4) { _record.Field, _line.Field };
        if (_id is not null)
        {
            fields.Add(_id.Field);
        }

        foreach (ParquetColumn column in _results)
        {
            fields.Add(column.Field);
        }

        fields.Add(_error.Field);
        return new ParquetSchema(fields);
    }

    private void WriteFile(bool withRowGroup)
    {
        _fixed = true;
        try
        {
            WriteFileAsync(withRowGroup).GetAwaiter().GetResult();
        }
        catch (ParquetException e)
        {
            throw new CliException(ExitCodes.OutputError, $"Parquet output: {e.Message}", e);
        }

        foreach (ParquetColumn column in AllColumns())
        {
            column.Clear();
        }

        _buffered = 0;
        Footer = ReadFooter();
    }

    private async Task WriteFileAsync(bool withRowGroup)
    {
        bool append = _stream.Length > 0;
        if (!append)
        {
            _stream.Seek(0, SeekOrigin.Begin);
        }

        ParquetWriter writer = await ParquetWriter.CreateAsync(Schema(), _stream, append: append).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            if (withRowGroup)
            {
                using ParquetRowGroupWriter group = writer.CreateRowGroup();
                foreach (ParquetColumn column in AllColumns())
                {
                    await column.WriteAsync(group).ConfigureAwait(false);
                }

                group.CompleteValidate();
            }
        }

        await _stream.FlushAsync().ConfigureAwait(false);
    }

    private IEnumerable<ParquetColumn> AllColumns()
    {
        yield return _record;
        yield return _line;
        if (_id is not null)
        {
            yield return _id;
        }

        foreach (ParquetColumn column in _results)
        {
            yield return column;
        }

        yield return _error;
    }

    /// <summary>The footer, its 4-byte length and the closing magic: the bytes the next row group will overwrite.</summary>
    private byte[] ReadFooter()
    {
        long end = _stream.Length;
        Span<byte> last = stackalloc byte[8];
        _stream.Seek(end - 8, SeekOrigin.Begin);
        _stream.ReadExactly(last);
        int length = BinaryPrimitives.ReadInt32LittleEndian(last) + 8;
        var footer = new byte[length];
        _stream.Seek(end - length, SeekOrigin.Begin);
        _stream.ReadExactly(footer);
        _stream.Seek(end, SeekOrigin.Begin);
        return footer;
    }
}

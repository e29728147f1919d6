using System.Globalization;
using System.Text;

namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>
/// Writes results as CSV with a header: a <c>line</c> column (the input line), one column per scalar member, the
/// fixed-size number vectors a command names (e.g. <c>embedding</c>) spread over <c>name_0, name_1, ...</c>, any other
/// array or object as JSON text in one cell, and an <c>error</c> column last. The header comes from the first row.
/// </summary>
public sealed class CsvOutput : IRecordSink
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly Stream _target;
    private readonly RowWriter _rows;
    private readonly bool _ownsStream;
    private readonly CsvRowFields _fields;
    private readonly StringBuilder _text = new();
    private List<string>? _columns;

    /// <summary>
    /// Writes UTF-8 to <paramref name="stream"/>; <paramref name="spreadVectors"/> names the members spread over columns;
    /// <paramref name="columns"/>, when given, are the columns of a header already written (a resumed job).
    /// </summary>
    public CsvOutput(Stream stream, bool ownsStream, IEnumerable<string> spreadVectors, IReadOnlyList<string>? columns = null)
    {
        _target = stream;
        _rows = new RowWriter(stream);
        _ownsStream = ownsStream;
        _fields = new CsvRowFields(spreadVectors);
        _columns = columns is null ? null : [.. columns];
    }

    /// <summary>The header's columns, once the first row is written.</summary>
    public IReadOnlyList<string>? Columns => _columns;

    /// <inheritdoc />
    public long RowsWritten { get; private set; }

    /// <inheritdoc />
    public void Write(in InputRecord record, IOutputRow row) => WriteRow(record.LineNumber, row);

    /// <inheritdoc />
    public void WriteError(long line, string message) => WriteRow(line, new ErrorRow(line, message));

    /// <inheritdoc />
    public void Flush() => _rows.Flush();

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsStream)
        {
            _target.Dispose();
        }
    }

    /// <summary>Renders the whole row (and, for the first, the header) before anything is written: a failure leaves no trace.</summary>
    private void WriteRow(long line, IOutputRow row)
    {
        Dictionary<string, string> cells = _fields.Cells;
        cells.Clear();
        cells["line"] = line.ToString(CultureInfo.InvariantCulture);
        List<string>? header = null;
        byte[] bytes;
        try
        {
            row.WriteTo(_fields);
            List<string> columns = _columns ?? (header = HeaderOf(cells));
            foreach (string key in cells.Keys)
            {
                if (!columns.Contains(key))
                {
                    throw new CliException(ExitCodes.OutputError, $"CSV output: a row has column '{key}' that the header (from the first row) lacks; use JSON lines output for ragged results.");
                }
            }

            _text.Clear();
            if (header is not null)
            {
                AppendLine(header);
            }

            var values = new List<string>(columns.Count);
            foreach (string column in columns)
            {
                values.Add(cells.GetValueOrDefault(column, string.Empty));
            }

            AppendLine(values);
            bytes = StrictUtf8.GetBytes(_text.ToString());
        }
        catch (ArgumentException e)
        {
            throw new RowWriteException("the result cannot be written: " + e.Message, e);
        }

        _columns ??= header;
        _rows.Append(bytes);
        RowsWritten++;
    }

    private static List<string> HeaderOf(Dictionary<string, string> cells)
    {
        List<string> columns = [.. cells.Keys];
        columns.Remove("error");
        columns.Add("error");
        return columns;
    }

    private void AppendLine(List<string> cells)
    {
        for (int i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                _text.Append(',');
            }

            string cell = cells[i];
            if (cell.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                _text.Append('"').Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                _text.Append(cell);
            }
        }

        _text.Append('\n');
    }
}

using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>
/// Writes results as CSV with a header: a <c>line</c> column (the input line), one column per scalar member, the
/// fixed-size number vectors a command names (e.g. <c>embedding</c>) spread over <c>name_0, name_1, ...</c>, any other
/// array or object as JSON text in one cell, and an <c>error</c> column last. The header comes from the first row.
/// </summary>
public sealed class CsvOutput : IRecordSink
{
    private readonly Stream _target;
    private readonly RowWriter _rows;
    private readonly bool _ownsStream;
    private readonly HashSet<string> _spreadVectors;
    private readonly ArrayBufferWriter<byte> _json = new();
    private readonly Dictionary<string, string> _row = new(StringComparer.Ordinal);
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
        _spreadVectors = new HashSet<string>(spreadVectors, StringComparer.Ordinal);
        _columns = columns is null ? null : [.. columns];
    }

    /// <summary>The header's columns, once the first row is written.</summary>
    public IReadOnlyList<string>? Columns => _columns;

    /// <inheritdoc />
    public long RowsWritten { get; private set; }

    /// <inheritdoc />
    public void Write(in InputRecord record, Action<Utf8JsonWriter> writeMembers)
    {
        _json.ResetWrittenCount();
        try
        {
            using var json = new Utf8JsonWriter(_json, JsonLinesOutput.Options);
            json.WriteStartObject();
            writeMembers(json);
            json.WriteEndObject();
        }
        catch (ArgumentException e)
        {
            throw new RowWriteException("the result cannot be written: " + e.Message, e);
        }

        _row.Clear();
        _row["line"] = record.LineNumber.ToString(CultureInfo.InvariantCulture);
        using JsonDocument doc = JsonDocument.Parse(_json.WrittenMemory);
        foreach (JsonProperty member in doc.RootElement.EnumerateObject())
        {
            Flatten(member.Name, member.Value);
        }

        WriteRow();
    }

    /// <inheritdoc />
    public void WriteError(long line, string message)
    {
        _row.Clear();
        _row["line"] = line.ToString(CultureInfo.InvariantCulture);
        _row["error"] = RowText.OneLine(message);
        WriteRow();
    }

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

    private void Flatten(string name, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Array && _spreadVectors.Contains(name))
        {
            int i = 0;
            foreach (JsonElement item in value.EnumerateArray())
            {
                _row[name + "_" + i.ToString(CultureInfo.InvariantCulture)] = item.GetRawText();
                i++;
            }

            return;
        }

        _row[name] = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Null => string.Empty,
            _ => value.GetRawText(),
        };
    }

    private void WriteRow()
    {
        if (_columns is null)
        {
            _columns = [.. _row.Keys];
            _columns.Remove("error");
            _columns.Add("error");
            WriteCells(_columns);
        }

        foreach (string key in _row.Keys)
        {
            if (!_columns.Contains(key))
            {
                throw new CliException(ExitCodes.OutputError, $"CSV output: a row has column '{key}' that the header (from the first row) lacks; use JSON lines output for ragged results.");
            }
        }

        var cells = new List<string>(_columns.Count);
        foreach (string column in _columns)
        {
            cells.Add(_row.GetValueOrDefault(column, string.Empty));
        }

        WriteCells(cells);
        RowsWritten++;
    }

    private void WriteCells(List<string> cells)
    {
        var line = new StringBuilder();
        for (int i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                line.Append(',');
            }

            string cell = cells[i];
            bool quote = cell.AsSpan().IndexOfAny(",\"\r\n") >= 0;
            line.Append(quote ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell);
        }

        _rows.Append(Encoding.UTF8.GetBytes(line.Append('\n').ToString()));
    }
}

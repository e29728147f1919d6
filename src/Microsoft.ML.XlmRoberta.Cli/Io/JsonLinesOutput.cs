using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>
/// Writes one compact JSON object per line (UTF-8, non-ASCII text unescaped) to a stream. Each row is built aside
/// and written whole, so a row that fails half-way leaves nothing behind and the next row starts clean.
/// </summary>
public sealed class JsonLinesOutput : IRecordSink
{
    /// <summary>Writer settings for all output: text stays readable (no \uXXXX for non-ASCII or markup characters).</summary>
    internal static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly Stream _target;
    private readonly RowWriter _rows;
    private readonly bool _ownsStream;
    private readonly ArrayBufferWriter<byte> _row = new(1024);
    private readonly Utf8JsonWriter _writer;
    private readonly JsonRowFields _fields;

    /// <summary>Writes to <paramref name="stream"/>; disposes it on <see cref="Dispose"/> when it owns it.</summary>
    public JsonLinesOutput(Stream stream, bool ownsStream)
    {
        _target = stream;
        _rows = new RowWriter(stream);
        _ownsStream = ownsStream;
        _writer = new Utf8JsonWriter(_row, Options);
        _fields = new JsonRowFields(_writer);
    }

    /// <inheritdoc />
    public long RowsWritten { get; private set; }

    /// <inheritdoc />
    public void Write(in InputRecord record, IOutputRow row) => WriteLine(row);

    /// <inheritdoc />
    public void WriteError(long line, string message) => WriteLine(new ErrorRow(line, message));

    private void WriteLine(IOutputRow row)
    {
        _row.ResetWrittenCount();
        _writer.Reset();
        try
        {
            _writer.WriteStartObject();
            row.WriteTo(_fields);
            _writer.WriteEndObject();
            _writer.Flush();
        }
        catch (Exception e)
        {
            _writer.Reset();
            _row.ResetWrittenCount();
            if (e is ArgumentException)
            {
                throw new RowWriteException("the result cannot be written as JSON: " + e.Message, e);
            }

            throw;
        }

        _row.Write("\n"u8);
        _rows.Append(_row.WrittenSpan);
        RowsWritten++;
    }

    /// <inheritdoc />
    public void Flush() => _rows.Flush();

    /// <inheritdoc />
    public void Dispose()
    {
        _writer.Dispose();
        if (_ownsStream)
        {
            _target.Dispose();
        }
    }
}

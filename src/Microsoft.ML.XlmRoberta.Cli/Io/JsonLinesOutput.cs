using System.Text.Encodings.Web;
using System.Text.Json;

namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>Writes one compact JSON object per line (UTF-8, non-ASCII text unescaped) to a stream.</summary>
public sealed class JsonLinesOutput : IRecordSink
{
    /// <summary>Writer settings for all output: text stays readable (no \uXXXX for non-ASCII or markup characters).</summary>
    internal static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly Stream _target;
    private readonly BufferedStream _stream;
    private readonly bool _ownsStream;
    private readonly Utf8JsonWriter _writer;

    /// <summary>Writes to <paramref name="stream"/>; disposes it on <see cref="Dispose"/> when it owns it.</summary>
    public JsonLinesOutput(Stream stream, bool ownsStream)
    {
        _target = stream;
        _stream = new BufferedStream(stream, 1 << 16);
        _ownsStream = ownsStream;
        _writer = new Utf8JsonWriter(_stream, Options);
    }

    /// <inheritdoc />
    public long RowsWritten { get; private set; }

    /// <inheritdoc />
    public void Write(in InputRecord record, Action<Utf8JsonWriter> writeMembers) => WriteLine(writeMembers);

    /// <inheritdoc />
    public void WriteError(long line, string message) => WriteLine(w =>
    {
        w.WriteString("error", message);
        w.WriteNumber("line", line);
    });

    private void WriteLine(Action<Utf8JsonWriter> writeMembers)
    {
        _writer.WriteStartObject();
        writeMembers(_writer);
        _writer.WriteEndObject();
        _writer.Flush();
        _writer.Reset();
        _stream.WriteByte((byte)'\n');
        RowsWritten++;
    }

    /// <inheritdoc />
    public void Flush() => _stream.Flush();

    /// <inheritdoc />
    public void Dispose()
    {
        _writer.Dispose();
        _stream.Flush();
        if (_ownsStream)
        {
            _target.Dispose();
        }
    }
}

using System.Buffers;

namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>
/// Buffers whole output rows and hands them to the stream only at row ends, so the bytes that reach the file (even
/// when the process is killed) always end with a complete row.
/// </summary>
internal sealed class RowWriter
{
    private const int Threshold = 1 << 16;
    private readonly Stream _stream;
    private readonly ArrayBufferWriter<byte> _pending = new(Threshold * 2);

    public RowWriter(Stream stream) => _stream = stream;

    /// <summary>Bytes handed to the stream so far.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Appends one complete row (its terminator included).</summary>
    public void Append(ReadOnlySpan<byte> row)
    {
        _pending.Write(row);
        if (_pending.WrittenCount >= Threshold)
        {
            WritePending();
        }
    }

    /// <summary>Hands every complete row to the stream and flushes it.</summary>
    public void Flush()
    {
        WritePending();
        try
        {
            _stream.Flush();
        }
        catch (Exception e) when (e is not IOException)
        {
            throw AsIOException(e);
        }
    }

    private void WritePending()
    {
        if (_pending.WrittenCount == 0)
        {
            return;
        }

        int count = _pending.WrittenCount;
        try
        {
            _stream.Write(_pending.WrittenSpan);
        }
        catch (Exception e) when (e is not IOException)
        {
            throw AsIOException(e);
        }

        _pending.ResetWrittenCount();
        BytesWritten += count;
    }

    /// <summary>
    /// .NET reports some write failures as other exceptions (a file-size limit, EFBIG, as ArgumentOutOfRangeException);
    /// they are output errors all the same, never the fault of an input line.
    /// </summary>
    private static IOException AsIOException(Exception e) => new(e.Message, e);
}

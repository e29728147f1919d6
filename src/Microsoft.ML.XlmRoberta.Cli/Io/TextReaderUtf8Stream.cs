using System.Text;

namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>A read-only stream of the UTF-8 bytes of a <see cref="TextReader"/>'s text (for readers that hold text already).</summary>
internal sealed class TextReaderUtf8Stream : Stream
{
    private readonly TextReader _reader;
    private readonly System.Text.Encoder _encoder = new UTF8Encoding(false).GetEncoder();
    private readonly char[] _chars = new char[4096];
    private readonly byte[] _bytes = new byte[3 * 4096 + 8];
    private int _start;
    private int _end;

    public TextReaderUtf8Stream(TextReader reader) => _reader = reader;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_start == _end)
        {
            int chars = _reader.Read(_chars, 0, _chars.Length);
            _start = 0;
            _end = _encoder.GetBytes(_chars, 0, chars, _bytes, 0, flush: chars == 0);
            if (_end == 0)
            {
                return 0;
            }
        }

        int n = Math.Min(count, _end - _start);
        Array.Copy(_bytes, _start, buffer, offset, n);
        _start += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

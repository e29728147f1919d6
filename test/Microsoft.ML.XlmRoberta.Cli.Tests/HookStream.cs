namespace Microsoft.ML.XlmRoberta.Cli.Tests;

/// <summary>
/// A pass-through write stream that calls <see cref="OnWrite"/> with the bytes written so far (to fail like a full
/// disk, or to request a stop part-way through a job).
/// </summary>
internal sealed class HookStream : Stream
{
    private readonly Stream _inner;
    private readonly bool _ownsInner;

    public HookStream(Stream inner, bool ownsInner = true)
    {
        _inner = inner;
        _ownsInner = ownsInner;
    }

    public Action<long>? OnWrite { get; init; }

    public long Written { get; private set; }

    /// <summary>A stream that fails with "No space left on device" once more than <paramref name="limit"/> bytes are written.</summary>
    public static HookStream DiskFullAfter(Stream inner, long limit, bool ownsInner = true) => new(inner, ownsInner)
    {
        OnWrite = written =>
        {
            if (written > limit)
            {
                throw new IOException("No space left on device");
            }
        },
    };

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _inner.Length;

    public override long Position { get => _inner.Position; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        OnWrite?.Invoke(Written + buffer.Length);
        _inner.Write(buffer);
        Written += buffer.Length;
    }

    public override void Flush() => _inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && _ownsInner)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}

using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>One physical input line: its 1-based number, its text (no terminator), the terminator, and why it could not be decoded.</summary>
/// <param name="Number">The 1-based line number.</param>
/// <param name="Text">The decoded text; when <paramref name="Problem"/> is set, with the bad bytes as U+FFFD.</param>
/// <param name="Terminator">"\n", "\r\n", or "" for a last line without one.</param>
/// <param name="Problem">Why the bytes are not text (invalid UTF-8), or null.</param>
public readonly record struct InputLine(long Number, string Text, string Terminator, string? Problem);

/// <summary>
/// Reads lines from a byte stream and decodes each one as UTF-8 by itself, so one line with invalid bytes is an
/// error for that line only (or, when asked, its bad bytes become U+FFFD). A leading UTF-8 byte order mark is
/// dropped. Every byte handed out is also fed to a SHA-256 digest, which identifies the input consumed so far
/// (resumed jobs check that their input starts the same).
/// </summary>
public sealed class Utf8LineReader : IDisposable
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly UTF8Encoding Lenient = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly bool _replaceInvalid;
    private readonly IncrementalHash _digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly Queue<InputLine> _peeked = new();
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
    private int _start;
    private int _end;
    private bool _eof;
    private bool _first = true;
    private long _lineNumber;

    /// <summary>Reads <paramref name="stream"/>; <paramref name="replaceInvalid"/> turns invalid bytes into U+FFFD instead of an error.</summary>
    public Utf8LineReader(Stream stream, bool ownsStream, bool replaceInvalid = false)
    {
        _stream = stream;
        _ownsStream = ownsStream;
        _replaceInvalid = replaceInvalid;
    }

    /// <summary>A reader over the UTF-8 bytes of <paramref name="text"/> (a reader that holds text already).</summary>
    public static Utf8LineReader FromText(TextReader text) => new(new TextReaderUtf8Stream(text), ownsStream: true);

    /// <summary>Bytes read from the stream so far, peeked lines included.</summary>
    public long BytesRead { get; private set; }

    /// <summary>SHA-256 (hex) of every byte of the lines read so far, peeked lines included.</summary>
    public string Digest() => Convert.ToHexString(_digest.GetCurrentHash());

    /// <summary>Reads the next line; false at the end of input.</summary>
    public bool TryReadLine(out InputLine line)
    {
        if (_peeked.Count > 0)
        {
            line = _peeked.Dequeue();
            return true;
        }

        return TryReadFromStream(out line);
    }

    /// <summary>The first line that is not blank (looking at most <paramref name="limit"/> lines ahead), without consuming it; null if none.</summary>
    public InputLine? PeekFirstNonBlank(int limit = 64)
    {
        foreach (InputLine peeked in _peeked)
        {
            if (!string.IsNullOrWhiteSpace(peeked.Text) || peeked.Problem is not null)
            {
                return peeked;
            }
        }

        while (_peeked.Count < limit && TryReadFromStream(out InputLine line))
        {
            _peeked.Enqueue(line);
            if (!string.IsNullOrWhiteSpace(line.Text) || line.Problem is not null)
            {
                return line;
            }
        }

        return null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _digest.Dispose();
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }

        if (_ownsStream)
        {
            _stream.Dispose();
        }
    }

    private bool TryReadFromStream(out InputLine line)
    {
        // Bytes already searched are not searched again, so a very long line costs linear time.
        int searched = 0;
        int newline;
        while ((newline = _buffer.AsSpan(_start + searched, _end - _start - searched).IndexOf((byte)'\n')) < 0 && !_eof)
        {
            searched = _end - _start;
            Fill();
        }

        if (newline >= 0)
        {
            newline += searched;
        }

        if (newline < 0 && _start == _end)
        {
            line = default;
            return false;
        }

        int length = newline < 0 ? _end - _start : newline + 1;
        ReadOnlySpan<byte> raw = _buffer.AsSpan(_start, length);
        _digest.AppendData(raw);
        _start += length;
        if (_first)
        {
            _first = false;
            if (raw.StartsWith("\uFEFF"u8))
            {
                raw = raw[3..];
            }
        }

        string terminator = string.Empty;
        if (newline >= 0)
        {
            bool crlf = raw.Length >= 2 && raw[^2] == (byte)'\r';
            terminator = crlf ? "\r\n" : "\n";
            raw = raw[..^(crlf ? 2 : 1)];
        }

        _lineNumber++;
        line = Decode(raw, terminator);
        return true;
    }

    private InputLine Decode(ReadOnlySpan<byte> raw, string terminator)
    {
        if (_replaceInvalid)
        {
            return new InputLine(_lineNumber, Lenient.GetString(raw), terminator, null);
        }

        if (System.Text.Unicode.Utf8.IsValid(raw))
        {
            return new InputLine(_lineNumber, Strict.GetString(raw), terminator, null);
        }

        char[] scratch = ArrayPool<char>.Shared.Rent(raw.Length);
        System.Text.Unicode.Utf8.ToUtf16(raw, scratch, out int validBytes, out _, replaceInvalidSequences: false);
        ArrayPool<char>.Shared.Return(scratch);
        // The text (bad bytes as U+FFFD) still serves readers that need the line's structure, e.g. CSV quotes.
        return new InputLine(_lineNumber, Lenient.GetString(raw), terminator,
            $"invalid UTF-8 at byte {validBytes + 1} of the line (use --invalid-utf8 replace to read such bytes as U+FFFD)");
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            byte[] larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
        BytesRead += read;
    }
}

namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>
/// The text of a <see cref="Utf8LineReader"/> as a <see cref="TextReader"/> (terminators kept), for the CSV/TSV
/// reader; a line that is not UTF-8 reads with U+FFFD for its bad bytes and is counted, so the record holding it
/// can be rejected.
/// </summary>
internal sealed class Utf8LineTextReader : TextReader
{
    private readonly Utf8LineReader _lines;
    private string _current = string.Empty;
    private int _position;

    public Utf8LineTextReader(Utf8LineReader lines) => _lines = lines;

    /// <summary>Lines that were not valid UTF-8 so far.</summary>
    public long InvalidLines { get; private set; }

    /// <summary>The problem of the last invalid line.</summary>
    public string? LastProblem { get; private set; }

    public override int Peek() => Fill() ? _current[_position] : -1;

    public override int Read() => Fill() ? _current[_position++] : -1;

    private bool Fill()
    {
        while (_position == _current.Length)
        {
            if (!_lines.TryReadLine(out InputLine line))
            {
                return false;
            }

            if (line.Problem is not null)
            {
                InvalidLines++;
                LastProblem = line.Problem;
            }

            _current = line.Text + line.Terminator;
            _position = 0;
        }

        return true;
    }
}

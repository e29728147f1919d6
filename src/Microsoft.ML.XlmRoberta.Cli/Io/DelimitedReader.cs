using System.Text;

namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>
/// Reads RFC 4180 records (CSV with ',' or TSV with '\t'): quoted fields may hold separators, doubled quotes and
/// line breaks. Reports the physical line each record starts on.
/// </summary>
public sealed class DelimitedReader
{
    private readonly TextReader _reader;
    private readonly char _separator;
    private readonly StringBuilder _field = new();
    private long _line = 1;

    /// <summary>Reads from <paramref name="reader"/> with <paramref name="separator"/> between fields.</summary>
    public DelimitedReader(TextReader reader, char separator)
    {
        _reader = reader;
        _separator = separator;
    }

    /// <summary>The 1-based line the last record read (or being read) starts on.</summary>
    public long RecordStartLine { get; private set; }

    /// <summary>Reads the next record into <paramref name="fields"/>; false at the end of input.</summary>
    /// <param name="fields">Cleared and filled with the fields.</param>
    /// <param name="startLine">The 1-based line the record starts on.</param>
    /// <exception cref="FormatException">A quoted field is not closed before the end of input.</exception>
    public bool TryReadRecord(List<string> fields, out long startLine)
    {
        fields.Clear();
        startLine = _line;
        RecordStartLine = startLine;
        int c = _reader.Read();
        if (c < 0)
        {
            return false;
        }

        _field.Clear();
        bool quoted = false;
        bool fieldStart = true;
        while (true)
        {
            if (c < 0)
            {
                if (quoted)
                {
                    throw new FormatException($"a quoted field opened on line {startLine} is not closed");
                }

                fields.Add(_field.ToString());
                return true;
            }

            char ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (_reader.Peek() == '"')
                    {
                        _reader.Read();
                        _field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    _line += ch == '\n' ? 1 : 0;
                    _field.Append(ch);
                }
            }
            else if (ch == '"' && fieldStart)
            {
                quoted = true;
            }
            else if (ch == _separator)
            {
                fields.Add(_field.ToString());
                _field.Clear();
                fieldStart = true;
                c = _reader.Read();
                continue;
            }
            else if (ch is '\n' or '\r')
            {
                if (ch == '\r' && _reader.Peek() == '\n')
                {
                    _reader.Read();
                }

                _line++;
                fields.Add(_field.ToString());
                return true;
            }
            else
            {
                _field.Append(ch);
            }

            fieldStart = false;
            c = _reader.Read();
        }
    }
}

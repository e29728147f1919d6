namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>
/// CSV or TSV with a header row: the text comes from the column named <c>--column</c> and, for pairs, the second
/// text from <c>--pair-column</c>. A missing column is an error before any work is done; a short row is an error
/// naming its line.
/// </summary>
public sealed class DelimitedInput : IRecordSource
{
    private readonly Utf8LineTextReader _text;
    private readonly DelimitedReader _reader;
    private readonly string _sourceName;
    private readonly string _column;
    private readonly string? _pairColumn;

    /// <summary>Reads from <paramref name="reader"/>.</summary>
    public DelimitedInput(Utf8LineReader reader, char separator, string sourceName, string column, string? pairColumn)
    {
        _text = new Utf8LineTextReader(reader);
        _reader = new DelimitedReader(_text, separator);
        _sourceName = sourceName;
        _column = column;
        _pairColumn = pairColumn;
    }

    /// <summary>Whether the pair column holds a JSON array of strings (<see cref="InputRecord.TextList"/>) rather than one text.</summary>
    public bool PairIsList { get; init; }

    /// <summary>The column that identifies a record (<see cref="InputRecord.Id"/>); null: none.</summary>
    public string? IdColumn { get; init; }

    /// <inheritdoc />
    /// <exception cref="CliException">The header lacks a named column (exit code 4).</exception>
    public IEnumerable<RecordResult> Read()
    {
        var fields = new List<string>();
        if (!_reader.TryReadRecord(fields, out _))
        {
            yield break;
        }

        int textIndex = IndexOf(fields, _column);
        int pairIndex = _pairColumn is null ? -1 : IndexOf(fields, _pairColumn);
        int idIndex = IdColumn is null ? -1 : IndexOf(fields, IdColumn);
        int needed = Math.Max(textIndex, pairIndex) + 1;
        while (true)
        {
            bool more;
            long line;
            string? problem = null;
            long invalidBefore = _text.InvalidLines;
            try
            {
                more = _reader.TryReadRecord(fields, out line);
            }
            catch (FormatException e)
            {
                more = false;
                line = _reader.RecordStartLine;
                problem = e.Message;
            }

            if (problem is not null)
            {
                yield return RecordResult.Fail(_sourceName, line, problem);
                yield break;
            }

            if (!more)
            {
                yield break;
            }

            if (_text.InvalidLines != invalidBefore)
            {
                yield return RecordResult.Fail(_sourceName, line, _text.LastProblem!);
                continue;
            }

            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue; // blank line
            }

            string? id = idIndex >= 0 && idIndex < fields.Count ? fields[idIndex] : null;
            if (fields.Count < needed)
            {
                yield return RecordResult.Fail(_sourceName, line, $"has {fields.Count} field(s); column '{(needed - 1 == textIndex ? _column : _pairColumn)}' is field {needed}");
            }
            else if (PairIsList)
            {
                yield return pairIndex >= 0 && TextList.TryParse(fields[pairIndex], out string[]? texts)
                    ? RecordResult.Ok(new InputRecord(line, fields[textIndex], null, texts) { Id = id })
                    : RecordResult.Fail(_sourceName, line, $"column '{_pairColumn}' must hold a JSON array of strings");
            }
            else
            {
                yield return RecordResult.Ok(new InputRecord(line, fields[textIndex], pairIndex < 0 ? null : fields[pairIndex]) { Id = id });
            }
        }
    }

    private int IndexOf(List<string> header, string column)
    {
        int index = header.IndexOf(column);
        return index >= 0
            ? index
            : throw new CliException(ExitCodes.InputError, $"{_sourceName}: no column '{column}' in the header ({string.Join(", ", header)}).");
    }
}

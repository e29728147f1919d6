using System.Text.Json;

namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>
/// Reads JSON lines <c>{"text": ..., "text_pair": ...}</c> lazily, in order (the member names can be changed). Blank
/// lines are ignored; a line that is not such an object (bad JSON, invalid UTF-8, a lone surrogate escape such as
/// <c>"\ud800"</c>) yields an error naming its line number.
/// </summary>
public sealed class JsonLinesInput : IRecordSource
{
    private readonly Utf8LineReader _reader;
    private readonly string _sourceName;
    private readonly string _textMember;
    private readonly string _pairMember;

    /// <summary>Reads from <paramref name="reader"/>; <paramref name="sourceName"/> names it in messages.</summary>
    public JsonLinesInput(Utf8LineReader reader, string sourceName, string textMember = "text", string pairMember = "text_pair")
    {
        _reader = reader;
        _sourceName = sourceName;
        _textMember = textMember;
        _pairMember = pairMember;
    }

    /// <summary>
    /// Whether the second member is a list of strings (<see cref="InputRecord.TextList"/>, e.g. multiple choice's
    /// <c>"choices"</c>) rather than one string.
    /// </summary>
    public bool PairIsList { get; init; }

    /// <summary>Text appended to the message of a line that is not JSON (e.g. a hint about plain-text input).</summary>
    public string NotJsonHint { get; init; } = string.Empty;

    /// <summary>
    /// The member that identifies a record (<see cref="InputRecord.Id"/>): a string as it is, any other value as its
    /// JSON text; null when absent. Null: none.
    /// </summary>
    public string? IdColumn { get; init; }

    /// <inheritdoc />
    public IEnumerable<RecordResult> Read()
    {
        while (_reader.TryReadLine(out InputLine line))
        {
            if (line.Problem is not null)
            {
                yield return Fail(line.Number, line.Problem);
            }
            else if (!string.IsNullOrWhiteSpace(line.Text))
            {
                yield return Parse(line.Text, line.Number);
            }
        }
    }

    private RecordResult Parse(string line, long lineNumber)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(line);
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Fail(lineNumber, $"expected a JSON object with a \"{_textMember}\" string, found {root.ValueKind}");
            }

            if (!root.TryGetProperty(_textMember, out JsonElement text) || text.ValueKind != JsonValueKind.String)
            {
                return Fail(lineNumber, $"missing \"{_textMember}\" string");
            }

            if (PairIsList)
            {
                return root.TryGetProperty(_pairMember, out JsonElement list) && TextList.TryRead(list, out string[]? texts)
                    ? RecordResult.Ok(new InputRecord(lineNumber, text.GetString()!, null, texts))
                    : Fail(lineNumber, $"missing \"{_pairMember}\" array of strings");
            }

            string? pair = null;
            if (root.TryGetProperty(_pairMember, out JsonElement pairElement) && pairElement.ValueKind != JsonValueKind.Null)
            {
                if (pairElement.ValueKind != JsonValueKind.String)
                {
                    return Fail(lineNumber, $"\"{_pairMember}\" must be a string or null");
                }

                pair = pairElement.GetString();
            }

            string? id = null;
            if (IdColumn is not null && root.TryGetProperty(IdColumn, out JsonElement idElement) && idElement.ValueKind != JsonValueKind.Null)
            {
                id = idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : idElement.GetRawText();
            }

            return RecordResult.Ok(new InputRecord(lineNumber, text.GetString()!, pair) { Id = id });
        }
        catch (JsonException e)
        {
            return RecordResult.Fail(_sourceName, lineNumber, "not valid JSON: " + e.Message + NotJsonHint, e);
        }
        catch (InvalidOperationException e)
        {
            // System.Text.Json refuses to unescape a lone surrogate ("\ud800"): such a string is not Unicode text.
            return RecordResult.Fail(_sourceName, lineNumber, "a string holds a lone UTF-16 surrogate escape, which is not text: " + e.Message, e);
        }
    }

    private RecordResult Fail(long lineNumber, string problem) => RecordResult.Fail(_sourceName, lineNumber, problem);
}

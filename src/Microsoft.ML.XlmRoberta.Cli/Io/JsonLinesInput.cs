using System.Text.Json;

namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>
/// Reads JSON lines <c>{"text": ..., "text_pair": ...}</c> lazily, in order (the member names can be changed). Blank
/// lines are ignored; a line that is not such an object yields an error naming its line number.
/// </summary>
public sealed class JsonLinesInput : IRecordSource
{
    private readonly TextReader _reader;
    private readonly string _sourceName;
    private readonly string _textMember;
    private readonly string _pairMember;

    /// <summary>Reads from <paramref name="reader"/>; <paramref name="sourceName"/> names it in messages.</summary>
    public JsonLinesInput(TextReader reader, string sourceName, string textMember = "text", string pairMember = "text_pair")
    {
        _reader = reader;
        _sourceName = sourceName;
        _textMember = textMember;
        _pairMember = pairMember;
    }

    /// <inheritdoc />
    public IEnumerable<RecordResult> Read()
    {
        long lineNumber = 0;
        string? line;
        while ((line = _reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            yield return Parse(line, lineNumber);
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

            string? pair = null;
            if (root.TryGetProperty(_pairMember, out JsonElement pairElement) && pairElement.ValueKind != JsonValueKind.Null)
            {
                if (pairElement.ValueKind != JsonValueKind.String)
                {
                    return Fail(lineNumber, $"\"{_pairMember}\" must be a string or null");
                }

                pair = pairElement.GetString();
            }

            return RecordResult.Ok(new InputRecord(lineNumber, text.GetString()!, pair));
        }
        catch (JsonException e)
        {
            return RecordResult.Fail(_sourceName, lineNumber, "not valid JSON: " + e.Message, e);
        }
    }

    private RecordResult Fail(long lineNumber, string problem) => RecordResult.Fail(_sourceName, lineNumber, problem);
}

using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>
/// Renders a row's members as CSV cells (column name → text): scalars as they read in JSON, the named vectors spread
/// over <c>name_0, name_1, ...</c>, anything else nested as its JSON text. Numbers are formatted by the JSON writer,
/// so a CSV cell holds exactly the digits of the JSON lines output.
/// </summary>
internal sealed class CsvRowFields : IRowFields
{
    private readonly HashSet<string> _spreadVectors;
    private readonly ArrayBufferWriter<byte> _json = new(1024);
    private readonly Utf8JsonWriter _writer;

    public CsvRowFields(IEnumerable<string> spreadVectors)
    {
        _spreadVectors = new HashSet<string>(spreadVectors, StringComparer.Ordinal);
        _writer = new Utf8JsonWriter(_json, JsonLinesOutput.Options);
    }

    /// <summary>The cells of the row being rendered, in member order.</summary>
    public Dictionary<string, string> Cells { get; } = new(StringComparer.Ordinal);

    public void String(string name, string? value) => Cells[name] = value ?? string.Empty;

    public void Integer(string name, long? value) => Cells[name] = value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    public void Number(string name, float value)
    {
        Start().WriteNumberValue(JsonArrays.Finite(name, value));
        Cells[name] = Finish();
    }

    public void Numbers(string name, ReadOnlySpan<float> values)
    {
        Utf8JsonWriter writer = Start();
        writer.WriteStartArray();
        foreach (float x in values)
        {
            writer.WriteNumberValue(JsonArrays.Finite(name, x));
        }

        writer.WriteEndArray();
        string array = Finish();
        if (!_spreadVectors.Contains(name))
        {
            Cells[name] = array;
            return;
        }

        // "[a,b,c]": numbers hold no commas, so the elements are the pieces between them.
        string inner = array[1..^1];
        if (inner.Length == 0)
        {
            return;
        }

        int i = 0;
        foreach (Range piece in inner.AsSpan().Split(','))
        {
            Cells[name + "_" + i.ToString(CultureInfo.InvariantCulture)] = inner[piece];
            i++;
        }
    }

    public void Structured<T>(string name, T value, Action<Utf8JsonWriter, T> write)
    {
        write(Start(), value);
        Cells[name] = Finish();
    }

    private Utf8JsonWriter Start()
    {
        _json.ResetWrittenCount();
        _writer.Reset();
        return _writer;
    }

    private string Finish()
    {
        _writer.Flush();
        return Encoding.UTF8.GetString(_json.WrittenSpan);
    }
}

using System.Text.Json;

namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>Renders a row's members as the members of one JSON object.</summary>
internal sealed class JsonRowFields : IRowFields
{
    private readonly Utf8JsonWriter _writer;

    public JsonRowFields(Utf8JsonWriter writer) => _writer = writer;

    public void String(string name, string? value) => _writer.WriteString(name, value);

    public void Integer(string name, long? value)
    {
        if (value is long v)
        {
            _writer.WriteNumber(name, v);
        }
        else
        {
            _writer.WriteNull(name);
        }
    }

    public void Number(string name, float value) => _writer.WriteFinite(name, value);

    public void Numbers(string name, ReadOnlySpan<float> values) => _writer.WriteFloats(name, values);

    public void Structured<T>(string name, T value, Action<Utf8JsonWriter, T> write)
    {
        _writer.WritePropertyName(name);
        write(_writer, value);
    }
}

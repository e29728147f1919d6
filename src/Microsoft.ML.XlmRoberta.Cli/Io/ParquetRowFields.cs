using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>One member of a row on its way to a Parquet column.</summary>
internal readonly record struct ParquetMember(string Name, ParquetColumnKind Kind, long? Integer, float Number, float[]? Numbers, string? Text);

/// <summary>
/// Collects a row's members, checked (finite numbers, well-formed text) and copied, so that the whole row is known
/// to be writable before any of it reaches a column.
/// </summary>
internal sealed class ParquetRowFields : IRowFields
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly ArrayBufferWriter<byte> _json = new(256);
    private readonly Utf8JsonWriter _writer;

    public ParquetRowFields() => _writer = new Utf8JsonWriter(_json, JsonLinesOutput.Options);

    public List<ParquetMember> Members { get; } = [];

    public void String(string name, string? value) => Members.Add(new(name, ParquetColumnKind.Text, null, 0, null, Checked(name, value)));

    public void Integer(string name, long? value) => Members.Add(new(name, ParquetColumnKind.Integer, value, 0, null, null));

    public void Number(string name, float value) => Members.Add(new(name, ParquetColumnKind.Number, null, JsonArrays.Finite(name, value), null, null));

    public void Numbers(string name, ReadOnlySpan<float> values)
    {
        foreach (float x in values)
        {
            JsonArrays.Finite(name, x);
        }

        Members.Add(new(name, ParquetColumnKind.Numbers, null, 0, values.ToArray(), null));
    }

    public void Structured<T>(string name, T value, Action<Utf8JsonWriter, T> write)
    {
        _json.ResetWrittenCount();
        _writer.Reset();
        try
        {
            write(_writer, value);
            _writer.Flush();
        }
        catch (ArgumentException e)
        {
            _writer.Reset();
            throw new RowWriteException("the result cannot be written as JSON: " + e.Message, e);
        }

        Members.Add(new(name, ParquetColumnKind.Text, null, 0, null, Encoding.UTF8.GetString(_json.WrittenSpan)));
    }

    /// <summary>The text, when it is well-formed UTF-16 (Parquet strings are UTF-8).</summary>
    /// <exception cref="RowWriteException">The text holds a lone surrogate.</exception>
    public static string? Checked(string name, string? value)
    {
        try
        {
            _ = value is null ? 0 : StrictUtf8.GetByteCount(value);
            return value;
        }
        catch (ArgumentException e)
        {
            throw new RowWriteException($"\"{name}\" cannot be written as UTF-8: {e.Message}", e);
        }
    }
}

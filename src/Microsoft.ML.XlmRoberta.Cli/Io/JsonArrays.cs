using System.Text.Json;

namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>Model outputs as JSON members: NaN and infinity are refused (they are not JSON, and they mean a broken model).</summary>
internal static class JsonArrays
{
    /// <summary>Writes <c>"name": [x, ...]</c>.</summary>
    /// <exception cref="NonFiniteOutputException">A value is NaN or infinite.</exception>
    public static void WriteFloats(this Utf8JsonWriter writer, string name, ReadOnlySpan<float> values)
    {
        writer.WriteStartArray(name);
        foreach (float x in values)
        {
            writer.WriteNumberValue(Finite(name, x));
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes <c>"name": x</c>.</summary>
    /// <exception cref="NonFiniteOutputException">The value is NaN or infinite.</exception>
    public static void WriteFinite(this Utf8JsonWriter writer, string name, float value) => writer.WriteNumber(name, Finite(name, value));

    /// <summary>The value, when it is finite.</summary>
    /// <exception cref="NonFiniteOutputException">The value is NaN or infinite.</exception>
    public static float Finite(string name, float value) => float.IsFinite(value) ? value : throw new NonFiniteOutputException(name, value);
}

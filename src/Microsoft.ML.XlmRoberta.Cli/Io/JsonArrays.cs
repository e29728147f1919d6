using System.Text.Json;

namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>Number arrays as JSON members.</summary>
internal static class JsonArrays
{
    /// <summary>Writes <c>"name": [x, ...]</c>.</summary>
    public static void WriteFloats(this Utf8JsonWriter writer, string name, ReadOnlySpan<float> values)
    {
        writer.WriteStartArray(name);
        foreach (float x in values)
        {
            writer.WriteNumberValue(x);
        }

        writer.WriteEndArray();
    }
}

using System.Text.Json;

namespace Microsoft.ML.XlmRoberta.Server.Endpoints;

/// <summary>Writes a JSON response body straight to the response stream.</summary>
internal static class JsonOutput
{
    /// <summary>Text as written (no \u escapes for non-ASCII or HTML-sensitive characters): responses are JSON, not HTML.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync<T>(HttpContext context, T value, Action<Utf8JsonWriter, T> write)
    {
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body, JsonOutput.WriterOptions);
        write(writer, value);
        await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    public static void Numbers(Utf8JsonWriter writer, ReadOnlySpan<float> values)
    {
        writer.WriteStartArray();
        foreach (float value in values)
        {
            writer.WriteNumberValue(value);
        }

        writer.WriteEndArray();
    }
}

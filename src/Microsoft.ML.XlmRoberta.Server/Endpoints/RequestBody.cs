using System.Text.Json;

namespace Microsoft.ML.XlmRoberta.Server.Endpoints;

/// <summary>Reads a request's JSON object and its members, refusing malformed values with the member's name.</summary>
internal static class RequestBody
{
    /// <summary>Parses the body (its size is bounded by Kestrel's limit) as one JSON object.</summary>
    public static async Task<JsonDocument> ReadAsync(HttpContext context)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest($"The request body is not valid JSON: {e.Message}");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw ApiException.BadRequest("The request body must be a JSON object.");
        }

        return document;
    }

    /// <summary>A required member.</summary>
    public static JsonElement Required(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw ApiException.BadRequest($"'{name}' is required.", name);

    /// <summary>A string, or an array of strings (at least one, within the per-request limit).</summary>
    public static string[] Texts(JsonElement value, string name, ServedModel model)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            string text = value.GetString()!;
            model.CheckText(text, name);
            return [text];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw ApiException.BadRequest($"'{name}' must be a string or an array of strings.", name);
        }

        model.CheckCount(value.GetArrayLength(), name);
        var texts = new string[value.GetArrayLength()];
        int i = 0;
        foreach (JsonElement item in value.EnumerateArray())
        {
            texts[i++] = item.ValueKind == JsonValueKind.String
                ? item.GetString()!
                : throw ApiException.BadRequest($"'{name}' must be a string or an array of strings; item {i - 1} is {item.ValueKind}.", name);
            model.CheckText(texts[i - 1], name);
        }

        return texts;
    }

    /// <summary>An array of token ids.</summary>
    public static int[] Ids(JsonElement value, string name)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw ApiException.BadRequest($"'{name}' must be an array of token ids.", name);
        }

        var ids = new int[value.GetArrayLength()];
        int i = 0;
        foreach (JsonElement item in value.EnumerateArray())
        {
            ids[i++] = item.ValueKind == JsonValueKind.Number && item.TryGetInt32(out int id)
                ? id
                : throw ApiException.BadRequest($"'{name}' must hold integer token ids; item {i - 1} is not one.", name);
        }

        return ids;
    }

    public static bool Boolean(JsonElement root, string name, bool fallback)
    {
        if (!root.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return fallback;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw ApiException.BadRequest($"'{name}' must be true or false.", name),
        };
    }

    public static int Integer(JsonElement root, string name, int fallback, int minimum, int maximum)
    {
        if (!root.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return fallback;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int number) || number < minimum || number > maximum)
        {
            throw ApiException.BadRequest($"'{name}' must be an integer within {minimum}..{maximum}.", name);
        }

        return number;
    }

    public static string? String(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw ApiException.BadRequest($"'{name}' must be a string.", name);
    }
}

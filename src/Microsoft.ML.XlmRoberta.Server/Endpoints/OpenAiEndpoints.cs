using System.Text.Json;
using Microsoft.ML.XlmRoberta.Pooling;

namespace Microsoft.ML.XlmRoberta.Server.Endpoints;

/// <summary>
/// OpenAI-compatible <c>POST /v1/embeddings</c>: <c>input</c> as a string, an array of strings, an array of token
/// ids or an array of those (the model's input ids, special tokens included); <c>encoding_format</c> float or
/// base64 (little-endian float32); <c>usage</c> counts the tokens run. Vectors are what the library's
/// <see cref="XlmRobertaFeatureExtractor"/> gives with the folder's pooling, normalization and default prompt.
/// </summary>
internal static class OpenAiEndpoints
{
    public static void Map(WebApplication app, ServedModel model, ErrorResponses errors)
    {
        app.MapPost("/v1/embeddings", context => errors.RunAsync(context, c => EmbeddingsAsync(c, model)));
        app.MapGet("/v1/models", context => errors.RunAsync(context, c => ModelsAsync(c, model)));
    }

    private static async Task EmbeddingsAsync(HttpContext context, ServedModel model)
    {
        if (model.Embeddings is not { } batcher || model.Extractor is not { } extractor)
        {
            throw ApiException.NotFound($"The model '{model.ModelId}' serves no embeddings (it has no last_hidden_state output).");
        }

        int[][] inputs;
        bool base64;
        using (JsonDocument body = await RequestBody.ReadAsync(context).ConfigureAwait(false))
        {
            JsonElement root = body.RootElement;
            string format = RequestBody.String(root, "encoding_format") ?? "float";
            base64 = format switch
            {
                "float" => false,
                "base64" => true,
                _ => throw ApiException.BadRequest($"encoding_format must be float or base64, not '{format}'.", "encoding_format"),
            };
            if (root.TryGetProperty("dimensions", out JsonElement dimensions) && dimensions.ValueKind != JsonValueKind.Null
                && !(dimensions.TryGetInt32(out int d) && d == extractor.Dimension))
            {
                throw ApiException.BadRequest($"This model's embeddings have {extractor.Dimension} dimensions; other sizes are not supported.", "dimensions");
            }

            inputs = ReadInputs(RequestBody.Required(root, "input"), model, extractor);
        }

        int tokens = TeiEndpoints.Tokens(inputs);
        EmbeddingResult[] results = await batcher.SubmitAsync(inputs, tokens, context.RequestAborted).ConfigureAwait(false);
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body, JsonOutput.WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("object", "list");
        writer.WriteStartArray("data");
        for (int i = 0; i < results.Length; i++)
        {
            float[] vector = results[i].Embedding;
            if (model.NormalizeByDefault)
            {
                Pooler.L2Normalize(vector);
            }

            writer.WriteStartObject();
            writer.WriteString("object", "embedding");
            writer.WriteNumber("index", i);
            if (base64)
            {
                writer.WriteBase64String("embedding", LittleEndianBytes(vector));
            }
            else
            {
                writer.WritePropertyName("embedding");
                JsonOutput.Numbers(writer, vector);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("model", model.ModelId);
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", tokens);
        writer.WriteNumber("total_tokens", tokens);
        writer.WriteEndObject();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Texts (behind the folder's default prompt) tokenized as the offline API does, or token-id inputs as given.</summary>
    private static int[][] ReadInputs(JsonElement input, ServedModel model, XlmRobertaFeatureExtractor extractor)
    {
        const string Param = "input";
        if (input.ValueKind == JsonValueKind.Array && input.GetArrayLength() > 0)
        {
            JsonElement first = input[0];
            if (first.ValueKind == JsonValueKind.Number)
            {
                int[] ids = RequestBody.Ids(input, Param);
                model.CheckIds(ids, Param);
                return [ids];
            }

            if (first.ValueKind == JsonValueKind.Array)
            {
                model.CheckCount(input.GetArrayLength(), Param);
                var lists = new int[input.GetArrayLength()][];
                int i = 0;
                foreach (JsonElement item in input.EnumerateArray())
                {
                    lists[i] = RequestBody.Ids(item, Param);
                    model.CheckIds(lists[i++], Param);
                }

                return lists;
            }
        }

        IReadOnlyList<string> texts = extractor.ApplyPrompt(RequestBody.Texts(input, Param, model));
        var inputs = new int[texts.Count][];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = model.Tokenize(texts[i], null, Param).IdsSpan.ToArray();
        }

        return inputs;
    }

    private static byte[] LittleEndianBytes(float[] vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        for (int i = 0; i < vector.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
        }

        return bytes;
    }

    private static async Task ModelsAsync(HttpContext context, ServedModel model)
    {
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body, JsonOutput.WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("object", "list");
        writer.WriteStartArray("data");
        writer.WriteStartObject();
        writer.WriteString("id", model.ModelId);
        writer.WriteString("object", "model");
        writer.WriteNumber("created", 0);
        writer.WriteString("owned_by", "xlmr");
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}

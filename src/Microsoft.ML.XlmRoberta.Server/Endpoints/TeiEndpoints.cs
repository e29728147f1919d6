using System.Text.Json;
using Microsoft.ML.XlmRoberta.Heads;
using Microsoft.ML.XlmRoberta.Pooling;
using Microsoft.ML.XlmRoberta.Tokenization;

namespace Microsoft.ML.XlmRoberta.Server.Endpoints;

/// <summary>
/// Text Embeddings Inference–compatible routes: <c>POST /embed</c> (normalize defaults to true, as in TEI),
/// <c>/predict</c> (sequence classification; a two-string array is a pair), <c>/tokenize</c> and <c>/decode</c>.
/// </summary>
internal static class TeiEndpoints
{
    public static void Map(WebApplication app, ServedModel model, ErrorResponses errors)
    {
        app.MapPost("/embed", context => errors.RunAsync(context, c => EmbedAsync(c, model)));
        app.MapPost("/predict", context => errors.RunAsync(context, c => PredictAsync(c, model)));
        app.MapPost("/tokenize", context => errors.RunAsync(context, c => TokenizeAsync(c, model)));
        app.MapPost("/decode", context => errors.RunAsync(context, c => DecodeAsync(c, model)));
    }

    private static async Task EmbedAsync(HttpContext context, ServedModel model)
    {
        if (model.Embeddings is not { } batcher || model.Extractor is not { } extractor)
        {
            throw ApiException.NotFound($"The model '{model.ModelId}' serves no embeddings; see GET /info.");
        }

        int[][] inputs;
        bool normalize;
        using (JsonDocument body = await RequestBody.ReadAsync(context).ConfigureAwait(false))
        {
            JsonElement root = body.RootElement;
            normalize = RequestBody.Boolean(root, "normalize", true);
            string[] texts = RequestBody.Texts(RequestBody.Required(root, "inputs"), "inputs", model);
            string? promptName = RequestBody.String(root, "prompt_name");
            IReadOnlyList<string> prompted = promptName is null ? extractor.ApplyPrompt(texts) : Prompted(texts, promptName, model);
            inputs = new int[prompted.Count][];
            for (int i = 0; i < inputs.Length; i++)
            {
                inputs[i] = model.Tokenize(prompted[i], null, "inputs").IdsSpan.ToArray();
            }
        }

        EmbeddingResult[] results = await batcher.SubmitAsync(inputs, Tokens(inputs), context.RequestAborted).ConfigureAwait(false);
        if (normalize)
        {
            foreach (EmbeddingResult result in results)
            {
                Pooler.L2Normalize(result.Embedding);
            }
        }

        await JsonOutput.WriteAsync(context, results, static (w, results) =>
        {
            w.WriteStartArray();
            foreach (EmbeddingResult result in results)
            {
                JsonOutput.Numbers(w, result.Embedding);
            }

            w.WriteEndArray();
        }).ConfigureAwait(false);
    }

    private static IReadOnlyList<string> Prompted(string[] texts, string promptName, ServedModel model)
    {
        string prefix;
        try
        {
            prefix = model.Encoder.Folder.SentenceTransformers?.Prompt(promptName)
                ?? throw new ArgumentException($"The model folder defines no prompts (it has no sentence-transformers configuration), so not '{promptName}'.");
        }
        catch (ArgumentException e)
        {
            throw ApiException.BadRequest(e.Message, "prompt_name");
        }

        var prompted = new string[texts.Length];
        for (int i = 0; i < texts.Length; i++)
        {
            prompted[i] = prefix + texts[i];
        }

        return prompted;
    }

    private static async Task PredictAsync(HttpContext context, ServedModel model)
    {
        if (model.Classifications is not { } batcher || model.Classifier is not { } classifier)
        {
            throw ApiException.NotFound($"The model '{model.ModelId}' is not a sequence classification model; see GET /info.");
        }

        int[][] inputs;
        bool raw;
        bool single;
        using (JsonDocument body = await RequestBody.ReadAsync(context).ConfigureAwait(false))
        {
            JsonElement root = body.RootElement;
            raw = RequestBody.Boolean(root, "raw_scores", false);
            List<(string Text, string? Pair)> sequences = Sequences(RequestBody.Required(root, "inputs"), out single);
            model.CheckCount(sequences.Count, "inputs");
            inputs = new int[sequences.Count][];
            for (int i = 0; i < inputs.Length; i++)
            {
                inputs[i] = model.Tokenize(sequences[i].Text, sequences[i].Pair, "inputs").IdsSpan.ToArray();
            }
        }

        ClassificationResult[] results = await batcher.SubmitAsync(inputs, Tokens(inputs), context.RequestAborted).ConfigureAwait(false);
        IReadOnlyList<string> labels = classifier.Labels;
        await JsonOutput.WriteAsync(context, results, (w, results) =>
        {
            if (!single)
            {
                w.WriteStartArray();
            }

            foreach (ClassificationResult result in results)
            {
                float[] scores = raw ? result.Logits : result.Probabilities;
                int[] order = ByScore(scores);
                w.WriteStartArray();
                foreach (int label in order)
                {
                    w.WriteStartObject();
                    w.WriteNumber("score", scores[label]);
                    w.WriteString("label", label < labels.Count ? labels[label] : $"LABEL_{label}");
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            if (!single)
            {
                w.WriteEndArray();
            }
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// TEI's <c>inputs</c>: a string (one text), a two-string array (one pair), or an array of strings and
    /// two-string arrays (a batch).
    /// </summary>
    private static List<(string Text, string? Pair)> Sequences(JsonElement inputs, out bool single)
    {
        const string Param = "inputs";
        single = true;
        if (inputs.ValueKind == JsonValueKind.String)
        {
            return [(inputs.GetString()!, null)];
        }

        if (inputs.ValueKind == JsonValueKind.Array && IsPair(inputs))
        {
            return [(inputs[0].GetString()!, inputs[1].GetString()!)];
        }

        if (inputs.ValueKind != JsonValueKind.Array)
        {
            throw ApiException.BadRequest("'inputs' must be a string, a [text, text_pair] array, or an array of those.", Param);
        }

        single = false;
        var sequences = new List<(string, string?)>(inputs.GetArrayLength());
        foreach (JsonElement item in inputs.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                sequences.Add((item.GetString()!, null));
            }
            else if (item.ValueKind == JsonValueKind.Array && IsPair(item))
            {
                sequences.Add((item[0].GetString()!, item[1].GetString()!));
            }
            else
            {
                throw ApiException.BadRequest("Each item of 'inputs' must be a string or a [text, text_pair] array.", Param);
            }
        }

        return sequences;
    }

    private static bool IsPair(JsonElement array) =>
        array.GetArrayLength() == 2 && array[0].ValueKind == JsonValueKind.String && array[1].ValueKind == JsonValueKind.String;

    /// <summary>Label indices by descending score (ties keep label order).</summary>
    private static int[] ByScore(float[] scores)
    {
        var order = new int[scores.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => scores[b] != scores[a] ? scores[b].CompareTo(scores[a]) : a.CompareTo(b));
        return order;
    }

    private static async Task TokenizeAsync(HttpContext context, ServedModel model)
    {
        string[] texts;
        XlmRobertaEncoding[] encodings;
        using (JsonDocument body = await RequestBody.ReadAsync(context).ConfigureAwait(false))
        {
            JsonElement root = body.RootElement;
            texts = RequestBody.Texts(RequestBody.Required(root, "inputs"), "inputs", model);
            var options = new XlmRobertaEncodeOptions { AddSpecialTokens = RequestBody.Boolean(root, "add_special_tokens", true) };
            encodings = new XlmRobertaEncoding[texts.Length];
            for (int i = 0; i < texts.Length; i++)
            {
                encodings[i] = model.Encoder.Tokenizer.Encode(texts[i], null, options);
            }
        }

        await JsonOutput.WriteAsync(context, encodings, (w, encodings) =>
        {
            w.WriteStartArray();
            for (int i = 0; i < encodings.Length; i++)
            {
                XlmRobertaEncoding encoding = encodings[i];
                w.WriteStartArray();
                for (int t = 0; t < encoding.Count; t++)
                {
                    int id = encoding.Ids[t];
                    TokenOffset offset = encoding.Offsets[t];
                    bool special = model.IsSpecial(id);
                    w.WriteStartObject();
                    w.WriteNumber("id", id);
                    w.WriteString("text", special || offset.End <= offset.Start ? encoding.Tokens[t] : texts[i][offset.Start..offset.End]);
                    w.WriteBoolean("special", special);
                    w.WriteNumber("start", offset.Start);
                    w.WriteNumber("stop", offset.End);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndArray();
        }).ConfigureAwait(false);
    }

    private static async Task DecodeAsync(HttpContext context, ServedModel model)
    {
        var decoded = new List<string>();
        using (JsonDocument body = await RequestBody.ReadAsync(context).ConfigureAwait(false))
        {
            JsonElement root = body.RootElement;
            JsonElement ids = RequestBody.Required(root, "ids");
            bool skip = RequestBody.Boolean(root, "skip_special_tokens", true);
            bool batch = ids.ValueKind == JsonValueKind.Array && ids.GetArrayLength() > 0 && ids[0].ValueKind == JsonValueKind.Array;
            if (batch)
            {
                model.CheckCount(ids.GetArrayLength(), "ids");
            }

            JsonElement[] lists = batch ? [.. ids.EnumerateArray()] : [ids];
            foreach (JsonElement list in lists)
            {
                int[] values = RequestBody.Ids(list, "ids");
                foreach (int id in values)
                {
                    if ((uint)id >= (uint)model.Encoder.Tokenizer.VocabularySize)
                    {
                        throw ApiException.BadRequest($"Token id {id} is outside the vocabulary (0..{model.Encoder.Tokenizer.VocabularySize - 1}).", "ids");
                    }
                }

                decoded.Add(model.Encoder.Tokenizer.Decode(values, skip));
            }
        }

        await JsonOutput.WriteAsync(context, decoded, static (w, decoded) =>
        {
            w.WriteStartArray();
            foreach (string text in decoded)
            {
                w.WriteStringValue(text);
            }

            w.WriteEndArray();
        }).ConfigureAwait(false);
    }

    internal static int Tokens(int[][] inputs)
    {
        int tokens = 0;
        foreach (int[] ids in inputs)
        {
            tokens += ids.Length;
        }

        return tokens;
    }
}

using System.Text.Json;
using Microsoft.ML.XlmRoberta.Heads;
using Microsoft.ML.XlmRoberta.Tokenization;

namespace Microsoft.ML.XlmRoberta.Server.Endpoints;

/// <summary>
/// The routes for the heads TEI has no route for, answering what the matching <c>xlmr</c> command writes per input:
/// <c>POST /ner</c> (<c>{"tokens", "entities"}</c>, as <c>xlmr ner</c>) and <c>POST /fill-mask</c>
/// (<c>{"masks"}</c>, as <c>xlmr fill-mask</c>), one object per input.
/// </summary>
internal static class TaskEndpoints
{
    /// <summary>The largest top_k a fill-mask request may ask for.</summary>
    private const int MaxTopK = 100;

    public static void Map(WebApplication app, ServedModel model, ErrorResponses errors)
    {
        app.MapPost("/ner", context => errors.RunAsync(context, c => NerAsync(c, model)));
        app.MapPost("/fill-mask", context => errors.RunAsync(context, c => FillMaskAsync(c, model)));
    }

    private static async Task NerAsync(HttpContext context, ServedModel model)
    {
        if (model.TokenClassifications is not { } batcher)
        {
            throw ApiException.NotFound($"The model '{model.ModelId}' is not a token classification model; see GET /info.");
        }

        string[] texts;
        TokenClassificationInput[] inputs;
        using (JsonDocument body = await RequestBody.ReadAsync(context).ConfigureAwait(false))
        {
            JsonElement root = body.RootElement;
            texts = RequestBody.Texts(RequestBody.Required(root, "inputs"), "inputs", model);
            string strategyName = RequestBody.String(root, "aggregation_strategy") ?? "simple";
            if (!Enum.TryParse(strategyName, ignoreCase: true, out AggregationStrategy strategy) || !Enum.IsDefined(strategy) || int.TryParse(strategyName, out _))
            {
                throw ApiException.BadRequest($"aggregation_strategy must be none, simple, first, average or max, not '{strategyName}'.", "aggregation_strategy");
            }

            inputs = new TokenClassificationInput[texts.Length];
            for (int i = 0; i < texts.Length; i++)
            {
                inputs[i] = new TokenClassificationInput(model.Tokenize(texts[i], null, "inputs"), texts[i], strategy);
            }
        }

        int tokens = 0;
        foreach (TokenClassificationInput input in inputs)
        {
            tokens += input.Encoding.Count;
        }

        TokenClassificationResult[] results = await batcher.SubmitAsync(inputs, tokens, context.RequestAborted).ConfigureAwait(false);
        await JsonOutput.WriteAsync(context, results, (w, results) =>
        {
            w.WriteStartArray();
            for (int i = 0; i < results.Length; i++)
            {
                w.WriteStartObject();
                w.WritePropertyName("tokens");
                HeadJson.WriteTokens(w, results[i].Tokens, HeadJson.PlainScore);
                w.WritePropertyName("entities");
                HeadJson.WriteEntities(w, results[i].Entities, texts[i], HeadJson.PlainScore);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }).ConfigureAwait(false);
    }

    private static async Task FillMaskAsync(HttpContext context, ServedModel model)
    {
        if (model.MaskPredictions is not { } batcher)
        {
            throw ApiException.NotFound($"The model '{model.ModelId}' is not a fill-mask model; see GET /info.");
        }

        MaskInput[] inputs;
        int tokens = 0;
        using (JsonDocument body = await RequestBody.ReadAsync(context).ConfigureAwait(false))
        {
            JsonElement root = body.RootElement;
            string[] texts = RequestBody.Texts(RequestBody.Required(root, "inputs"), "inputs", model);
            int topK = RequestBody.Integer(root, "top_k", 5, 1, MaxTopK);
            int mask = model.Encoder.Tokenizer.MaskTokenId;
            inputs = new MaskInput[texts.Length];
            for (int i = 0; i < texts.Length; i++)
            {
                XlmRobertaEncoding encoding = model.Tokenize(texts[i], null, "inputs");
                if (encoding.IdsSpan.IndexOf(mask) < 0)
                {
                    throw ApiException.BadRequest($"Input {i} has no <mask> token.", "inputs");
                }

                inputs[i] = new MaskInput(encoding.IdsSpan.ToArray(), topK);
                tokens += encoding.Count;
            }
        }

        IReadOnlyList<MaskPrediction>[] results = await batcher.SubmitAsync(inputs, tokens, context.RequestAborted).ConfigureAwait(false);
        await JsonOutput.WriteAsync(context, results, static (w, results) =>
        {
            w.WriteStartArray();
            foreach (IReadOnlyList<MaskPrediction> masks in results)
            {
                w.WriteStartObject();
                w.WritePropertyName("masks");
                HeadJson.WriteMasks(w, masks, HeadJson.PlainScore);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }).ConfigureAwait(false);
    }
}

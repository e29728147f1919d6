using System.Reflection;

namespace Microsoft.ML.XlmRoberta.Server.Endpoints;

/// <summary><c>GET /info</c> (TEI's shape, plus the routes this model serves) and <c>GET /health</c> (503 once stopping).</summary>
internal static class InfoEndpoints
{
    public static void Map(WebApplication app, ServedModel model, XlmRobertaServerOptions options)
    {
        IHostApplicationLifetime lifetime = app.Lifetime;
        app.MapGet("/health", (HttpContext context) =>
        {
            context.Response.StatusCode = lifetime.ApplicationStopping.IsCancellationRequested
                ? StatusCodes.Status503ServiceUnavailable
                : StatusCodes.Status200OK;
            return Task.CompletedTask;
        });
        app.MapGet("/info", context => JsonOutput.WriteAsync(context, model, (w, model) =>
        {
            w.WriteStartObject();
            w.WriteString("model_id", model.ModelId);
            w.WriteString("model_dtype", "float32");
            w.WriteStartObject("model_type");
            if (model.Extractor is { } extractor)
            {
                w.WriteStartObject("embedding");
                w.WriteString("pooling", extractor.Pooling.ToString().ToLowerInvariant());
                w.WriteEndObject();
            }

            WriteLabels(w, "classifier", model.Classifier?.Labels);
            WriteLabels(w, "token_classifier", model.TokenClassifier?.Labels);
            if (model.FillMask is not null)
            {
                w.WriteStartObject("fill_mask");
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteStartArray("routes");
            foreach (string route in Routes(model))
            {
                w.WriteStringValue(route);
            }

            w.WriteEndArray();
            w.WriteNumber("max_input_length", model.Encoder.MaxSequenceLength);
            w.WriteNumber("max_batch_tokens", options.MaxBatchTokens);
            w.WriteNumber("max_batch_requests", options.MaxBatchInputs);
            w.WriteNumber("max_client_batch_size", options.MaxInputsPerRequest);
            w.WriteNumber("library_batch_size", model.Encoder.Options.MaxBatchSize);
            w.WriteNumber("max_concurrent_requests", options.QueueCapacity);
            w.WriteNumber("max_input_characters", options.MaxCharactersPerInput);
            w.WriteNumber("max_batch_wait_ms", options.MaxBatchWait.TotalMilliseconds);
            w.WriteString("execution_provider", model.Encoder.ExecutionProvider.ToString().ToLowerInvariant());
            w.WriteString("version", typeof(InfoEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion);
            w.WriteEndObject();
        }));
    }

    private static void WriteLabels(System.Text.Json.Utf8JsonWriter w, string name, IReadOnlyList<string>? labels)
    {
        if (labels is null)
        {
            return;
        }

        w.WriteStartObject(name);
        w.WriteStartObject("id2label");
        for (int i = 0; i < labels.Count; i++)
        {
            w.WriteString(i.ToString(System.Globalization.CultureInfo.InvariantCulture), labels[i]);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static List<string> Routes(ServedModel model)
    {
        var routes = new List<string>();
        if (model.Extractor is not null)
        {
            routes.Add("/v1/embeddings");
            routes.Add("/embed");
        }

        if (model.Classifier is not null)
        {
            routes.Add("/predict");
        }

        if (model.TokenClassifier is not null)
        {
            routes.Add("/ner");
        }

        if (model.FillMask is not null)
        {
            routes.Add("/fill-mask");
        }

        routes.Add("/tokenize");
        routes.Add("/decode");
        return routes;
    }
}

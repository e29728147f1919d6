using System.CommandLine;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.ModelFolder;
using Microsoft.ML.XlmRoberta.Server;

namespace Microsoft.ML.XlmRoberta.Cli.Commands;

/// <summary><c>xlmr serve</c>: parses the options and runs <see cref="XlmRobertaServer"/> until SIGTERM or SIGINT.</summary>
internal static class ServeCommand
{
    /// <summary>The default --batch-size of <c>xlmr serve</c> (the other commands default to 32).</summary>
    public const int ServeBatchSize = 8;

    public static Command Create(CliContext context)
    {
        var defaults = new XlmRobertaServerOptions();
        var options = new EncoderOptions();
        var host = new Option<string>("--host") { Description = "Address to listen on (an IP address, or localhost).", DefaultValueFactory = _ => defaults.Host };
        var port = new Option<int>("--port", "-p") { Description = "TCP port (0: any free port, printed at start).", DefaultValueFactory = _ => defaults.Port };
        var modelId = new Option<string?>("--model-id") { Description = "Name reported as the model (default: the folder's name)." };
        var maxInputs = new Option<int>("--max-inputs") { Description = "Most inputs per request.", DefaultValueFactory = _ => defaults.MaxInputsPerRequest };
        var maxChars = new Option<int>("--max-chars") { Description = "Most characters per input text.", DefaultValueFactory = _ => defaults.MaxCharactersPerInput };
        var maxBody = new Option<int>("--max-body-kb") { Description = "Largest request body in KiB (larger: 413).", DefaultValueFactory = _ => (int)(defaults.MaxRequestBodyBytes / 1024) };
        var queue = new Option<int>("--queue-size") { Description = "Most inputs waiting or running over all requests; beyond it requests get 429 with Retry-After.", DefaultValueFactory = _ => defaults.QueueCapacity };
        var batchTokens = new Option<int>("--max-batch-tokens") { Description = "Token budget of one cross-request batch handed to the library (which cuts it into --batch-size batches by length).", DefaultValueFactory = _ => defaults.MaxBatchTokens };
        var maxWait = new Option<double>("--max-wait-ms") { Description = "How long a batch under budget waits for more requests (milliseconds; 0: none).", DefaultValueFactory = _ => defaults.MaxBatchWait.TotalMilliseconds };
        var drain = new Option<int>("--drain-seconds") { Description = "On SIGTERM/SIGINT, how long requests in flight may take to finish.", DefaultValueFactory = _ => (int)defaults.DrainTimeout.TotalSeconds };
        var command = new Command("serve", """
            Serve the model over HTTP (ASP.NET Core, Kestrel), batching concurrent requests together:
              POST /v1/embeddings   OpenAI-compatible embeddings (string, strings or token-id arrays; float or base64)
              POST /embed /predict /tokenize /decode, GET /info /health   Text Embeddings Inference-compatible
              POST /ner /fill-mask  what `xlmr ner` / `xlmr fill-mask` write, for those models
              GET  /metrics         Prometheus (OpenTelemetry)
            A full queue answers 429 with Retry-After. SIGTERM or SIGINT stops taking connections and answers the
            requests in flight before exiting (code 0).

            Examples:
              xlmr serve --model ./multilingual-e5-base --port 8080
              curl -s localhost:8080/v1/embeddings -H 'Content-Type: application/json' -d '{"input": ["Hallo Welt"], "model": "e5"}'
            """);
        command.Options.Add(options.Common.Model);
        command.Options.Add(options.Common.MaxLength);
        options.Common.MaxLength.AtLeast(2, " (room for <s> and </s>)");
        options.AddEncoderOptionsTo(command);

        // A server's library call holds as many inputs as requests arrived together, in random lengths; the library
        // sorts them and cuts batches of --batch-size, so smaller batches pad less (the offline commands sort
        // 256-record windows, where 32 pads little). 8 rows still fill the CPU's matrix kernels.
        options.BatchSize.DefaultValueFactory = _ => ServeBatchSize;
        foreach (Option option in new Option[] { host, port, modelId, maxInputs, maxChars, maxBody, queue, batchTokens, maxWait, drain })
        {
            command.Options.Add(option);
        }

        port.Between(0, 65535);
        maxInputs.Between(1, 1_000_000);
        maxChars.Between(1, int.MaxValue);
        maxBody.Between(1, 1024 * 1024, " (KiB)");
        batchTokens.Between(1, int.MaxValue);
        drain.Between(0, 3600);
        command.SetAction(result =>
        {
            double waitMs = result.GetValue(maxWait);
            if (waitMs is < 0 or > 10_000)
            {
                throw new CliException(ExitCodes.UsageError, $"--max-wait-ms must be within 0..10000, not {waitMs}.");
            }

            if (result.GetValue(queue) < result.GetValue(maxInputs))
            {
                throw new CliException(ExitCodes.UsageError, $"--queue-size ({result.GetValue(queue)}) must be at least --max-inputs ({result.GetValue(maxInputs)}).");
            }

            var serverOptions = new XlmRobertaServerOptions
            {
                Host = result.GetValue(host)!,
                Port = result.GetValue(port),
                ModelId = result.GetValue(modelId),
                MaxInputsPerRequest = result.GetValue(maxInputs),
                MaxCharactersPerInput = result.GetValue(maxChars),
                MaxRequestBodyBytes = result.GetValue(maxBody) * 1024L,
                QueueCapacity = result.GetValue(queue),
                MaxBatchTokens = result.GetValue(batchTokens),
                MaxBatchWait = TimeSpan.FromMilliseconds(waitMs),
                DrainTimeout = TimeSpan.FromSeconds(result.GetValue(drain)),
            };
            try
            {
                serverOptions.Validate();
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new CliException(ExitCodes.UsageError, e.Message);
            }

            string folder = options.ResolveModel(result, context, "feature-extraction");
            using XlmRobertaEncoder encoder = options.Load(result, folder, "serve");
            return Run(encoder, serverOptions, folder, context);
        });
        return command;
    }

    private static int Run(XlmRobertaEncoder encoder, XlmRobertaServerOptions serverOptions, string folder, CliContext context)
    {
        XlmRobertaServer server;
        try
        {
            server = XlmRobertaServer.Create(encoder, serverOptions);
        }
        catch (XlmRobertaModelException e)
        {
            throw new CliException(ExitCodes.ModelError, $"cannot serve the model in '{folder}': {e.Message}", e);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new CliException(ExitCodes.UsageError, e.Message);
        }

        try
        {
            try
            {
                server.StartAsync().GetAwaiter().GetResult();
            }
            catch (IOException e)
            {
                throw new CliException(ExitCodes.UsageError, $"cannot listen on {serverOptions.Host}:{serverOptions.Port}: {e.Message}", e);
            }

            context.StandardError.WriteLine($"xlmr serve: '{folder}' on {string.Join(", ", server.BoundAddresses)} (SIGTERM or Ctrl+C stops after answering the requests in flight)");
            server.WaitForShutdownAsync().GetAwaiter().GetResult();
            context.StandardError.WriteLine("xlmr serve: stopped");
            return ExitCodes.Success;
        }
        finally
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Server.Tests;

/// <summary>A fixture model served in-process on 127.0.0.1 (ephemeral port), with an HttpClient pointed at it.</summary>
internal sealed class RunningServer : IAsyncDisposable
{
    private RunningServer(XlmRobertaEncoder encoder, XlmRobertaServer server, Uri address)
    {
        Encoder = encoder;
        Server = server;
        Address = address;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public XlmRobertaEncoder Encoder { get; }

    public XlmRobertaServer Server { get; }

    public Uri Address { get; }

    public HttpClient Http { get; }

    /// <summary>Starts a server over the fixture model <paramref name="model"/> with <paramref name="options"/> (host and port are set here).</summary>
    public static async Task<RunningServer> StartAsync(string model, XlmRobertaServerOptions? options = null)
    {
        var encoder = XlmRobertaEncoder.Load(SharedFixtures.Model(model), new XlmRobertaEncoderOptions { IntraOpThreads = 1 });
        options ??= new XlmRobertaServerOptions();
        var local = new XlmRobertaServerOptions
        {
            Host = "127.0.0.1",
            Port = 0,
            ModelId = options.ModelId,
            MaxInputsPerRequest = options.MaxInputsPerRequest,
            MaxCharactersPerInput = options.MaxCharactersPerInput,
            MaxRequestBodyBytes = options.MaxRequestBodyBytes,
            QueueCapacity = options.QueueCapacity,
            MaxBatchTokens = options.MaxBatchTokens,
            MaxBatchInputs = options.MaxBatchInputs,
            MaxBatchWait = options.MaxBatchWait,
            DrainTimeout = options.DrainTimeout,
            RetryAfterSeconds = options.RetryAfterSeconds,
        };
        XlmRobertaServer server = XlmRobertaServer.Create(encoder, local, logging => logging.SetMinimumLevel(LogLevel.None));
        await server.StartAsync();
        return new RunningServer(encoder, server, new Uri(server.BoundAddresses.Single() + "/"));
    }

    /// <summary>POSTs a JSON body; returns the status and the parsed response body.</summary>
    public async Task<(int Status, JsonElement Body, HttpResponseMessage Response)> PostAsync(string path, object body, CancellationToken cancellationToken = default)
    {
        HttpResponseMessage response = await Http.PostAsJsonAsync(path, body, cancellationToken);
        string text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonElement parsed = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return ((int)response.StatusCode, parsed, response);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        Encoder.Dispose();
    }
}

using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Server.Endpoints;
using OpenTelemetry.Metrics;

namespace Microsoft.ML.XlmRoberta.Server;

/// <summary>
/// An HTTP service over one loaded model (ASP.NET Core minimal APIs on Kestrel): OpenAI-compatible
/// <c>POST /v1/embeddings</c>; Text Embeddings Inference–compatible <c>POST /embed</c>, <c>/predict</c>,
/// <c>/tokenize</c>, <c>/decode</c>, <c>GET /info</c>, <c>/health</c>; <c>POST /ner</c> and <c>/fill-mask</c> for
/// those heads; Prometheus <c>GET /metrics</c> (OpenTelemetry). Concurrent requests are batched together through the
/// library (see <see cref="XlmRobertaServerOptions"/>). A stop (SIGTERM, SIGINT, <see cref="StopAsync"/>) stops taking
/// connections and answers the requests in flight before it returns.
/// </summary>
public sealed class XlmRobertaServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ServedModel _model;
    private int _disposed;

    private XlmRobertaServer(WebApplication app, ServedModel model)
    {
        _app = app;
        _model = model;
    }

    /// <summary>Builds the server over <paramref name="encoder"/> (which the caller keeps owning and disposes after the server).</summary>
    /// <param name="encoder">The loaded model.</param>
    /// <param name="options">Address, limits and batching; <see langword="null"/> for the defaults.</param>
    /// <param name="configureLogging">Replaces the default logging (warnings and errors on the console), e.g. to silence it.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ModelFolder.XlmRobertaModelException">The graph serves none of the heads.</exception>
    public static XlmRobertaServer Create(XlmRobertaEncoder encoder, XlmRobertaServerOptions? options = null, Action<ILoggingBuilder>? configureLogging = null)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        options ??= new XlmRobertaServerOptions();
        options.Validate();
        IPAddress? address = ParseHost(options.Host);

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        if (configureLogging is null)
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        }
        else
        {
            configureLogging(builder.Logging);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
            if (address is null)
            {
                kestrel.ListenLocalhost(options.Port);
            }
            else
            {
                kestrel.Listen(address, options.Port);
            }
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.DrainTimeout);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(ServerMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
            .AddPrometheusExporter());

        var model = new ServedModel(encoder, options);
        WebApplication app = builder.Build();
        app.MapPrometheusScrapingEndpoint("/metrics");
        ILogger logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.ML.XlmRoberta.Server");
        var openAi = new ErrorResponses(ErrorShape.OpenAi, options.RetryAfterSeconds, logger);
        var tei = new ErrorResponses(ErrorShape.Tei, options.RetryAfterSeconds, logger);
        OpenAiEndpoints.Map(app, model, openAi);
        TeiEndpoints.Map(app, model, tei);
        TaskEndpoints.Map(app, model, tei);
        InfoEndpoints.Map(app, model, options);
        return new XlmRobertaServer(app, model);
    }

    /// <summary>The addresses Kestrel listens on once started (with the real port when <see cref="XlmRobertaServerOptions.Port"/> is 0).</summary>
    public IReadOnlyList<string> BoundAddresses =>
        [.. _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? []];

    /// <summary>The served model, its batchers and admission counter (for tests).</summary>
    internal ServedModel Model => _model;

    /// <summary>Signalled when a stop begins (SIGTERM, SIGINT or <see cref="StopAsync"/>).</summary>
    public CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

    /// <summary>Starts listening.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    public Task StartAsync(CancellationToken cancellationToken = default) => _app.StartAsync(cancellationToken);

    /// <summary>Runs until the process is asked to stop (SIGTERM, SIGINT) or <paramref name="cancellationToken"/> is cancelled, then drains.</summary>
    /// <param name="cancellationToken">Stops the server when cancelled.</param>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        await WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits, once started, until the process is asked to stop (SIGTERM, SIGINT) or <paramref name="cancellationToken"/>
    /// is cancelled; returns when the requests in flight are answered and the batchers have ended.
    /// </summary>
    /// <param name="cancellationToken">Stops the server when cancelled.</param>
    public async Task WaitForShutdownAsync(CancellationToken cancellationToken = default)
    {
        await _app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        await _model.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Stops taking connections, waits (up to <see cref="XlmRobertaServerOptions.DrainTimeout"/>) for the requests in
    /// flight to be answered, then ends the batchers.
    /// </summary>
    /// <param name="cancellationToken">Ends the wait early (requests still in flight are then aborted).</param>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        await _model.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Stops (draining) if running, and releases the host.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _app.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await _model.DisposeAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static IPAddress? ParseHost(string host)
    {
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (host is "*" or "+")
        {
            return IPAddress.IPv6Any;
        }

        return IPAddress.TryParse(host, out IPAddress? address)
            ? address
            : throw new ArgumentOutOfRangeException(nameof(host), host, $"Host must be an IP address or localhost, not '{host}'.");
    }
}

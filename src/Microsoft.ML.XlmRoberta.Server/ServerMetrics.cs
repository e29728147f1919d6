using System.Diagnostics.Metrics;
using Microsoft.ML.XlmRoberta.Server.Batching;

namespace Microsoft.ML.XlmRoberta.Server;

/// <summary>
/// The server's own instruments (meter <see cref="MeterName"/>), exported at <c>/metrics</c> with ASP.NET Core's
/// request metrics: batches and their size, inputs and tokens run, rejected requests and the queue depth.
/// </summary>
internal sealed class ServerMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Microsoft.ML.XlmRoberta.Server";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _batches;
    private readonly Counter<long> _inputs;
    private readonly Counter<long> _tokens;
    private readonly Counter<long> _rejected;
    private readonly Histogram<int> _batchInputs;
    private readonly Histogram<int> _batchRequests;

    public ServerMetrics(AdmissionCounter admission)
    {
        _batches = _meter.CreateCounter<long>("xlmr.batches", description: "Library calls made by the dynamic batcher.");
        _inputs = _meter.CreateCounter<long>("xlmr.inputs", description: "Inputs run through the model.");
        _tokens = _meter.CreateCounter<long>("xlmr.tokens", description: "Tokens run through the model (before padding).");
        _rejected = _meter.CreateCounter<long>("xlmr.rejected", description: "Requests answered 429 because the queue was full.");
        _batchInputs = _meter.CreateHistogram<int>("xlmr.batch.inputs", description: "Inputs per library call.");
        _batchRequests = _meter.CreateHistogram<int>("xlmr.batch.requests", description: "Requests per library call.");
        _meter.CreateObservableGauge("xlmr.queue.inputs", () => admission.Pending, description: "Inputs admitted and not yet answered.");
    }

    public void Batch(string task, int requests, int inputs, int tokens)
    {
        var tag = new KeyValuePair<string, object?>("task", task);
        _batches.Add(1, tag);
        _inputs.Add(inputs, tag);
        _tokens.Add(tokens, tag);
        _batchInputs.Record(inputs, tag);
        _batchRequests.Record(requests, tag);
    }

    public void Rejected(string task) => _rejected.Add(1, new KeyValuePair<string, object?>("task", task));

    public void Dispose() => _meter.Dispose();
}

using System.Diagnostics;
using System.Threading.Channels;

namespace Microsoft.ML.XlmRoberta.Server.Batching;

/// <summary>
/// Cross-request dynamic batching: requests queue their inputs; one worker takes whatever is queued when the model is
/// free (taking what arrives for up to <see cref="XlmRobertaServerOptions.MaxBatchWait"/> while the batch is under budget),
/// up to a token and input budget, and hands all of it to the library in one call. The library sorts the inputs by
/// length and cuts them into its own padded batches, so a request's answer is what the offline API gives for it.
/// </summary>
/// <remarks>
/// A batch runs until every request in it is cancelled (the library checks between its batches); a cancelled request
/// still waiting is dropped. When a batch fails on one bad input, each request in it is run alone, so that only the
/// request that carried it fails.
/// </remarks>
internal sealed class DynamicBatcher<TInput, TResult> : IAsyncDisposable
{
    private readonly Channel<BatchWork<TInput, TResult>> _queue =
        Channel.CreateUnbounded<BatchWork<TInput, TResult>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<TInput[], CancellationToken, TResult[]> _run;
    private readonly AdmissionCounter _admission;
    private readonly ServerMetrics _metrics;
    private readonly string _task;
    private readonly int _maxTokens;
    private readonly int _maxInputs;
    private readonly TimeSpan _maxWait;
    private readonly Task _worker;
    private BatchWork<TInput, TResult>? _carried;
    private long _batches;

    public DynamicBatcher(
        string task, XlmRobertaServerOptions options, AdmissionCounter admission, ServerMetrics metrics,
        Func<TInput[], CancellationToken, TResult[]> run)
    {
        _task = task;
        _run = run;
        _admission = admission;
        _metrics = metrics;
        _maxTokens = options.MaxBatchTokens;
        _maxInputs = options.MaxBatchInputs;
        _maxWait = options.MaxBatchWait;
        _worker = Task.Factory.StartNew(WorkAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>
    /// Queues one request's inputs and returns their results in order.
    /// </summary>
    /// <param name="inputs">The inputs.</param>
    /// <param name="tokens">Their tokens in all (the batch budget counts them).</param>
    /// <param name="cancellationToken">The request's cancellation (client disconnect).</param>
    /// <exception cref="QueueFullException">The queue holds its capacity.</exception>
    public Task<TResult[]> SubmitAsync(TInput[] inputs, int tokens, CancellationToken cancellationToken)
    {
        if (inputs.Length == 0)
        {
            return Task.FromResult(Array.Empty<TResult>());
        }

        if (!_admission.TryTake(inputs.Length))
        {
            _metrics.Rejected(_task);
            throw new QueueFullException(_admission.Capacity);
        }

        var work = new BatchWork<TInput, TResult>(inputs, tokens, _admission, cancellationToken);
        if (!_queue.Writer.TryWrite(work))
        {
            work.Fail(new ObjectDisposedException(nameof(DynamicBatcher<TInput, TResult>), "The server is stopping."));
        }

        return work.Task;
    }

    /// <summary>The library calls made so far.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Stops taking work, answers everything queued, then ends the worker.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _worker.ConfigureAwait(false);
    }

    private async Task WorkAsync()
    {
        var batch = new List<BatchWork<TInput, TResult>>();
        while (_carried is not null || await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            await CollectAsync(batch).ConfigureAwait(false);
            if (batch.Count > 0)
            {
                RunBatch(batch);
            }
        }
    }

    /// <summary>
    /// Takes queued work up to the budget; while under it, keeps taking what arrives until the maximum wait (counted
    /// from the first request taken) has passed.
    /// </summary>
    private async Task CollectAsync(List<BatchWork<TInput, TResult>> batch)
    {
        int tokens = 0;
        int inputs = 0;
        long deadline = 0;
        while (true)
        {
            while (TryNext(out BatchWork<TInput, TResult>? work))
            {
                if (work.IsFinished)
                {
                    continue; // cancelled while queued
                }

                // One request is never split; one that does not fit waits for the next batch (unless it is alone).
                if (batch.Count > 0 && (tokens + work.Tokens > _maxTokens || inputs + work.Inputs.Length > _maxInputs))
                {
                    _carried = work;
                    return;
                }

                if (batch.Count == 0)
                {
                    deadline = Stopwatch.GetTimestamp() + (long)(_maxWait.TotalSeconds * Stopwatch.Frequency);
                }

                batch.Add(work);
                tokens += work.Tokens;
                inputs += work.Inputs.Length;
            }

            TimeSpan left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (batch.Count == 0 || tokens >= _maxTokens || inputs >= _maxInputs || left <= TimeSpan.Zero)
            {
                return;
            }

            using var timeout = new CancellationTokenSource(left);
            try
            {
                if (!await _queue.Reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private bool TryNext(out BatchWork<TInput, TResult> work)
    {
        if (_carried is { } carried)
        {
            _carried = null;
            work = carried;
            return true;
        }

        return _queue.Reader.TryRead(out work!);
    }

    private void RunBatch(List<BatchWork<TInput, TResult>> batch)
    {
        batch.RemoveAll(static work => work.IsFinished); // cancelled while the batch was collected
        if (batch.Count == 0)
        {
            return;
        }

        Interlocked.Increment(ref _batches);
        int count = 0;
        int tokens = 0;
        foreach (BatchWork<TInput, TResult> work in batch)
        {
            count += work.Inputs.Length;
            tokens += work.Tokens;
        }

        var inputs = new TInput[count];
        int at = 0;
        foreach (BatchWork<TInput, TResult> work in batch)
        {
            work.Inputs.CopyTo(inputs, at);
            at += work.Inputs.Length;
        }

        _metrics.Batch(_task, batch.Count, count, tokens);
        TResult[] results;
        try
        {
            results = RunUntilAllCancelled(batch, inputs);
        }
        catch (OperationCanceledException)
        {
            foreach (BatchWork<TInput, TResult> work in batch)
            {
                work.Cancel();
            }

            return;
        }
        catch (Exception error) when (batch.Count > 1 && IsInputError(error))
        {
            // One request's input failed the shared call: run each alone, so that only that request fails.
            foreach (BatchWork<TInput, TResult> work in batch)
            {
                if (!work.IsFinished)
                {
                    RunBatch([work]);
                }
            }

            return;
        }
        catch (Exception error)
        {
            foreach (BatchWork<TInput, TResult> work in batch)
            {
                work.Fail(error);
            }

            return;
        }

        at = 0;
        foreach (BatchWork<TInput, TResult> work in batch)
        {
            work.Succeed(results.AsSpan(at, work.Inputs.Length).ToArray());
            at += work.Inputs.Length;
        }
    }

    /// <summary>Runs the library call with a token that is cancelled once every request of the batch is.</summary>
    private TResult[] RunUntilAllCancelled(List<BatchWork<TInput, TResult>> batch, TInput[] inputs)
    {
        using var all = new CancellationTokenSource();
        int live = batch.Count;
        var registrations = new CancellationTokenRegistration[batch.Count];
        try
        {
            for (int i = 0; i < batch.Count; i++)
            {
                registrations[i] = batch[i].CancellationToken.Register(() =>
                {
                    if (Interlocked.Decrement(ref live) == 0)
                    {
                        all.Cancel();
                    }
                });
            }

            return _run(inputs, all.Token);
        }
        finally
        {
            foreach (CancellationTokenRegistration registration in registrations)
            {
                registration.Dispose();
            }
        }
    }

    /// <summary>Errors that concern an input (out-of-range id, too long, no mask), not the model or a bug.</summary>
    internal static bool IsInputError(Exception error) =>
        error is ArgumentException or Encoder.XlmRobertaInputTooLongException;
}

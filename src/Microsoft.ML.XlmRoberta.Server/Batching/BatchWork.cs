namespace Microsoft.ML.XlmRoberta.Server.Batching;

/// <summary>
/// One request's inputs in the batching queue: its answer, its cancellation (the client's disconnect), and its share
/// of the admission counter, released exactly once however the work ends.
/// </summary>
internal sealed class BatchWork<TInput, TResult>
{
    private readonly TaskCompletionSource<TResult[]> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly AdmissionCounter _admission;
    private readonly CancellationTokenRegistration _registration;
    private int _finished;

    public BatchWork(TInput[] inputs, int tokens, AdmissionCounter admission, CancellationToken cancellationToken)
    {
        Inputs = inputs;
        Tokens = tokens;
        _admission = admission;
        CancellationToken = cancellationToken;
        _registration = cancellationToken.Register(static state => ((BatchWork<TInput, TResult>)state!).Cancel(), this);
    }

    public TInput[] Inputs { get; }

    /// <summary>The tokens of all inputs (what the batch budget counts).</summary>
    public int Tokens { get; }

    public CancellationToken CancellationToken { get; }

    public Task<TResult[]> Task => _completion.Task;

    public bool IsFinished => Volatile.Read(ref _finished) != 0;

    public void Succeed(TResult[] results)
    {
        if (Finish())
        {
            _completion.SetResult(results);
        }
    }

    public void Fail(Exception error)
    {
        if (Finish())
        {
            _completion.SetException(error);
        }
    }

    public void Cancel()
    {
        if (Finish())
        {
            _completion.SetCanceled(CancellationToken);
        }
    }

    private bool Finish()
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0)
        {
            return false;
        }

        _admission.Release(Inputs.Length);
        _registration.Dispose();
        return true;
    }
}

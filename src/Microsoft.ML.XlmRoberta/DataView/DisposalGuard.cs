namespace Microsoft.ML.XlmRoberta.DataView;

/// <summary>
/// Keeps a native resource alive while calls use it: <see cref="Enter"/>/<see cref="Exit"/> bracket each use,
/// <see cref="Close"/> waits for the uses in flight and then refuses new ones with <see cref="ObjectDisposedException"/>.
/// So a cursor or prediction engine that outlives its transformer fails cleanly instead of reaching a released
/// ONNX Runtime session.
/// </summary>
internal sealed class DisposalGuard
{
    private readonly object _gate = new();
    private readonly string _owner;
    private int _running;
    private bool _closed;

    /// <param name="owner">The name used in the exception (the transformer's type).</param>
    public DisposalGuard(string owner) => _owner = owner;

    /// <summary>Whether <see cref="Close"/> was called.</summary>
    public bool IsClosed => Volatile.Read(ref _closed);

    /// <summary>Throws <see cref="ObjectDisposedException"/> once closed.</summary>
    public void ThrowIfClosed()
    {
        if (IsClosed)
        {
            throw Disposed();
        }
    }

    /// <summary>Starts a use; throws <see cref="ObjectDisposedException"/> once closed.</summary>
    public void Enter()
    {
        lock (_gate)
        {
            if (_closed)
            {
                throw Disposed();
            }

            _running++;
        }
    }

    /// <summary>Ends a use started by <see cref="Enter"/>.</summary>
    public void Exit()
    {
        lock (_gate)
        {
            if (--_running == 0 && _closed)
            {
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>Refuses new uses and waits for those in flight; true the first time only.</summary>
    public bool Close()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            _closed = true;
            while (_running > 0)
            {
                Monitor.Wait(_gate);
            }

            return true;
        }
    }

    private ObjectDisposedException Disposed() =>
        new(_owner, $"The {_owner} was disposed; its cursors, rows and prediction engines can no longer compute outputs.");
}

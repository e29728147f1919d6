namespace Microsoft.ML.XlmRoberta.Cli;

/// <summary>
/// A request to stop (SIGINT, SIGTERM, SIGHUP): the running job finishes its current batch, leaves whole rows and a
/// resume marker, and exits with 128 + the signal number.
/// </summary>
public sealed class CliInterruption
{
    private volatile string? _signal;
    private int _exitCode;

    /// <summary>Whether a running job will act on a request (otherwise a signal keeps its default effect).</summary>
    public bool Armed { get; set; }

    /// <summary>Whether a stop was requested.</summary>
    public bool IsRequested => _signal is not null;

    /// <summary>The signal's name, e.g. SIGINT; null when none was requested.</summary>
    public string? Signal => _signal;

    /// <summary>The exit code for the request (130 SIGINT, 143 SIGTERM, 129 SIGHUP).</summary>
    public int ExitCode => _exitCode;

    /// <summary>Requests a stop; the first request wins.</summary>
    public void Request(string signal, int exitCode)
    {
        if (Interlocked.CompareExchange(ref _exitCode, exitCode, 0) == 0)
        {
            _signal = signal;
        }
    }
}

using System.Runtime.InteropServices;

namespace Microsoft.ML.XlmRoberta.Cli;

/// <summary>
/// Turns SIGINT, SIGTERM and SIGHUP into a <see cref="CliInterruption"/> while a job is armed for it (a second
/// signal, or one while nothing is armed, keeps the default effect), and ignores SIGXFSZ so that a file-size limit
/// is a write error (exit code 5) rather than a silent kill. The handlers stay for the life of the process: ONNX
/// Runtime still writes files of its own while the process exits.
/// </summary>
internal sealed class SignalHandlers
{
    private static SignalHandlers? _installed;

    /// <summary>How long an interrupted job may take to stop cleanly before the process exits anyway.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    private readonly List<PosixSignalRegistration> _registrations = [];

    private SignalHandlers(CliInterruption interruption)
    {
        Add(PosixSignal.SIGINT, "SIGINT", 130, interruption);
        Add(PosixSignal.SIGTERM, "SIGTERM", 143, interruption);
        if (!OperatingSystem.IsWindows())
        {
            Add(PosixSignal.SIGHUP, "SIGHUP", 129, interruption);
            const int SigXfsz = 25; // Linux and macOS
            _registrations.Add(PosixSignalRegistration.Create((PosixSignal)SigXfsz, static context => context.Cancel = true));
        }
    }

    /// <summary>Installs the handlers for the process (once).</summary>
    public static void Install(CliInterruption interruption) => _installed ??= new SignalHandlers(interruption);

    private void Add(PosixSignal signal, string name, int exitCode, CliInterruption interruption) =>
        _registrations.Add(PosixSignalRegistration.Create(signal, context =>
        {
            if (!interruption.Armed || interruption.IsRequested)
            {
                return;
            }

            context.Cancel = true;
            interruption.Request(name, exitCode);
            _ = Task.Delay(Grace).ContinueWith(_ => Environment.Exit(exitCode), TaskScheduler.Default);
        }));
}

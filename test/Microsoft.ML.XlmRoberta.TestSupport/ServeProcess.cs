using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Microsoft.ML.XlmRoberta.TestSupport;

/// <summary>
/// <c>xlmr serve</c> as a second process on 127.0.0.1 (port chosen by the server, read from its start line); stopped
/// with SIGTERM, killed if it does not exit within a minute (or when disposed while running).
/// </summary>
public sealed partial class ServeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _errors;

    private ServeProcess(Process process, Uri address, StringBuilder errors)
    {
        _process = process;
        Address = address;
        _errors = errors;
    }

    /// <summary>The server's base address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; }

    /// <summary>What the server wrote to stderr so far.</summary>
    public string StandardError
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    /// <summary>
    /// The <c>xlmr</c> built beside the running program (<c>artifacts/bin/Microsoft.ML.XlmRoberta.Cli/CONFIG/xlmr.dll</c>,
    /// same configuration; a project that runs it references the CLI project with <c>ReferenceOutputAssembly="false"</c>).
    /// </summary>
    public static string BuiltXlmr()
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string program = Path.Combine(bin.Parent!.Parent!.FullName, "Microsoft.ML.XlmRoberta.Cli", bin.Name, "xlmr.dll");
        return File.Exists(program) ? program : throw new FileNotFoundException($"xlmr is not built: {program}", program);
    }

    /// <summary>Starts <c>[dotnet] XLMR serve ARGUMENTS --host 127.0.0.1 --port 0</c> and waits until it listens.</summary>
    /// <param name="xlmr">The built <c>xlmr.dll</c> (run with dotnet), or an installed <c>xlmr</c> executable.</param>
    /// <param name="arguments">The serve options (model, threads, limits).</param>
    /// <param name="echo">Whether to copy the server's stderr lines to this process's stderr.</param>
    public static ServeProcess Start(string xlmr, IEnumerable<string> arguments, bool echo = false)
    {
        bool assembly = xlmr.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var start = new ProcessStartInfo(assembly ? ChildProcess.DotNet : xlmr) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (assembly)
        {
            start.ArgumentList.Add(xlmr);
        }

        start.ArgumentList.Add("serve");
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--host");
        start.ArgumentList.Add("127.0.0.1");
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add("0");
        Process process = Process.Start(start) ?? throw new InvalidOperationException("cannot start xlmr serve");
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        var started = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                started.TrySetException(new InvalidOperationException($"xlmr serve exited before it listened:\n{errors}"));
                return;
            }

            lock (errors)
            {
                errors.AppendLine(e.Data);
            }

            if (echo)
            {
                Console.Error.WriteLine($"    [server {process.Id}] {e.Data}");
            }

            if (Listening().Match(e.Data) is { Success: true } match)
            {
                started.TrySetResult(new Uri(match.Groups[1].Value + "/"));
            }
        };
        process.BeginErrorReadLine();
        if (!started.Task.Wait(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("xlmr serve did not start listening within 3 minutes");
        }

        return new ServeProcess(process, started.Task.Result, errors);
    }

    /// <summary>The process's peak resident set (VmHWM) and current one (VmRSS), in MiB, from /proc.</summary>
    public (double Peak, double Current) ResidentMiB()
    {
        double peak = 0, current = 0;
        foreach (string line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kilobytes(line) / 1024.0;
            }
            else if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                current = Kilobytes(line) / 1024.0;
            }
        }

        return (peak, current);
    }

    /// <summary>Sends SIGTERM and waits for the drain; returns the exit code.</summary>
    public int Stop()
    {
        Terminate();
        return WaitForExit();
    }

    /// <summary>Sends SIGTERM without waiting.</summary>
    public void Terminate()
    {
        using (Process kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }
    }

    /// <summary>Waits up to a minute for the process to exit (then kills it); returns the exit code.</summary>
    public int WaitForExit()
    {
        if (!_process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            _process.Kill(entireProcessTree: true);
        }

        // The timed wait returns at exit, possibly before the last stderr lines reach ErrorDataReceived; the untimed
        // one also waits for the redirected streams to end.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static long Kilobytes(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@" on (http://[0-9.]+:[0-9]+)")]
    private static partial Regex Listening();
}

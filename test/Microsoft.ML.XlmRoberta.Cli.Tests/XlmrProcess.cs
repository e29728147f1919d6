using System.Diagnostics;

namespace Microsoft.ML.XlmRoberta.Cli.Tests;

/// <summary>Runs the built <c>xlmr</c> (beside the test assembly) as a child process, for signals and resource limits.</summary>
internal sealed class XlmrProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stderr;
    private readonly Task<string> _stdout;

    private XlmrProcess(ProcessStartInfo start)
    {
        start.RedirectStandardError = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardInput = true;
        _process = Process.Start(start)!;
        _process.StandardInput.Close();
        _stderr = _process.StandardError.ReadToEndAsync();
        _stdout = _process.StandardOutput.ReadToEndAsync();
    }

    public static string Dll
    {
        get
        {
            string dll = Path.Combine(AppContext.BaseDirectory, "xlmr.dll");
            Assert.IsTrue(File.Exists(dll), $"xlmr was not built beside the tests: {dll}");
            return dll;
        }
    }

    public int Id => _process.Id;

    /// <summary>Starts <c>dotnet xlmr.dll args</c>.</summary>
    public static XlmrProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet");
        start.ArgumentList.Add(Dll);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return new XlmrProcess(start);
    }

    /// <summary>Starts xlmr through bash with a file-size limit of <paramref name="kilobytes"/> (ulimit -f).</summary>
    public static XlmrProcess StartWithFileSizeLimit(int kilobytes, params string[] args)
    {
        var start = new ProcessStartInfo("bash");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"ulimit -f {kilobytes} && exec dotnet \"$0\" \"$@\"");
        start.ArgumentList.Add(Dll);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The runtime's W^X double mapping needs a file as large as its code heap; the limit would stop it starting.
        start.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        return new XlmrProcess(start);
    }

    /// <summary>Sends a signal by name (INT, TERM, HUP) with kill(1).</summary>
    public void Signal(string name)
    {
        using Process kill = Process.Start("kill", ["-" + name, Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    public void Kill() => _process.Kill();

    /// <summary>Waits until <paramref name="path"/> holds at least <paramref name="bytes"/>; false if the process ended first.</summary>
    public bool WaitForFile(string path, long bytes)
    {
        while (!_process.HasExited && (!File.Exists(path) || new FileInfo(path).Length < bytes))
        {
            Thread.Sleep(2);
        }

        return !_process.HasExited;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Waits for the end; returns exit code, stdout and stderr.</summary>
    public (int ExitCode, string Stdout, string Stderr) Wait(int timeoutMs = 120_000)
    {
        Assert.IsTrue(_process.WaitForExit(timeoutMs), "xlmr finished in time");
        _process.WaitForExit();
        return (_process.ExitCode, _stdout.Result, _stderr.Result);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}

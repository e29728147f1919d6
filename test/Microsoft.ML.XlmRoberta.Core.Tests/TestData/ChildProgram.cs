using System.Diagnostics;

namespace Microsoft.ML.XlmRoberta.Tests.TestData;

/// <summary>
/// Runs a test program built beside this test assembly (artifacts/bin/NAME/CONFIG/NAME.dll) in a child process, so
/// that a native crash or a missing native library shows as an exit code instead of taking the test host down.
/// </summary>
internal static class ChildProgram
{
    public static (int ExitCode, string Output) Run(string name, TimeSpan timeout, params string[] arguments)
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string program = Path.Combine(bin.Parent!.Parent!.FullName, name, bin.Name, name + ".dll");
        Assert.IsTrue(File.Exists(program), $"The test program is missing: {program}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(program);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{name} did not finish within {timeout.TotalSeconds} s");
        }

        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}

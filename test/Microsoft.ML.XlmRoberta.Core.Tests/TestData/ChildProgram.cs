using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Tests.TestData;

/// <summary>
/// Runs a test program built beside this test assembly in a child process, so that a native crash or a missing
/// native library shows as an exit code instead of taking the test host down.
/// </summary>
internal static class ChildProgram
{
    public static (int ExitCode, string Output) Run(string name, TimeSpan timeout, params string[] arguments)
    {
        ChildProcessResult result = ChildProcess.Run(
            ChildProcess.DotNet,
            [ChildProcess.SiblingProgram(name), .. arguments],
            AppContext.BaseDirectory,
            timeout: timeout);
        return (result.ExitCode, result.StandardOutput + result.StandardError);
    }
}

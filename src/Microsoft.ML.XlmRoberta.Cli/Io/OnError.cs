namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>What a command does with an input line it cannot process.</summary>
public enum OnError
{
    /// <summary>Stop with a one-line message naming the line (exit code 4).</summary>
    Stop,

    /// <summary>Write <c>{"error": ..., "line": N}</c> in its place, go on, and exit with code 6 at the end.</summary>
    Skip,
}

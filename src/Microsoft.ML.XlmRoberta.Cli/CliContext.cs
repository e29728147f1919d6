namespace Microsoft.ML.XlmRoberta.Cli;

/// <summary>The process surroundings a command uses, injectable so tests can run commands in-process.</summary>
public sealed record CliContext
{
    /// <summary>Standard input.</summary>
    public required TextReader StandardInput { get; init; }

    /// <summary>
    /// Standard input as bytes; when set it is read instead of <see cref="StandardInput"/>, so input that is not
    /// UTF-8 can be told apart line by line.
    /// </summary>
    public Stream? StandardInputStream { get; init; }

    /// <summary>Standard output, as bytes (JSON is written as UTF-8).</summary>
    public required Stream StandardOutput { get; init; }

    /// <summary>Standard error: messages, summaries and progress.</summary>
    public required TextWriter StandardError { get; init; }

    /// <summary>Whether stderr is an interactive terminal (progress bars are drawn only then).</summary>
    public bool StandardErrorIsTerminal { get; init; }

    /// <summary>Reads an environment variable.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The working directory that relative paths and model discovery start from.</summary>
    public string CurrentDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>Set when the process is asked to stop (signals); a running job checks it between batches.</summary>
    public CliInterruption Interruption { get; init; } = new();

    /// <summary>Test hook: wraps the stream of an output file (e.g. to fail like a full disk).</summary>
    internal Func<Stream, Stream>? WrapOutputFile { get; init; }

    /// <summary>The real console.</summary>
    public static CliContext FromConsole() => new()
    {
        StandardInput = Console.In,
        StandardInputStream = Console.OpenStandardInput(),
        StandardOutput = Console.OpenStandardOutput(),
        StandardError = Console.Error,
        StandardErrorIsTerminal = !Console.IsErrorRedirected,
    };
}

using System.Text;
using System.Text.Json;

namespace Microsoft.ML.XlmRoberta.Cli.Tests;

/// <summary>Runs <c>xlmr</c> in-process with given stdin and captures stdout, stderr and the exit code.</summary>
internal static class CliRunner
{
    public static Result Run(string stdin, params string[] args) => Run(stdin, environment: null, args);

    public static Result Run(string stdin, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        Run(stdin, environment, stderrIsTerminal: false, args);

    public static Result Run(string stdin, IReadOnlyDictionary<string, string>? environment, bool stderrIsTerminal, params string[] args) =>
        Run(Encoding.UTF8.GetBytes(stdin), c => c with
        {
            StandardErrorIsTerminal = stderrIsTerminal,
            GetEnvironmentVariable = name => environment is not null && environment.TryGetValue(name, out string? v)
                ? v
                : name == "XLMR_MODEL" ? null : Environment.GetEnvironmentVariable(name),
        }, args);

    /// <summary>
    /// Runs with raw stdin bytes (as the console gives them: a byte stream, and a reader that decodes them) and
    /// lets <paramref name="customize"/> change the context (stdout, hooks).
    /// </summary>
    public static Result Run(byte[] stdin, Func<CliContext, CliContext>? customize, params string[] args)
    {
        var stdout = new MemoryStream();
        var stderr = new StringWriter();
        var context = new CliContext
        {
            StandardInput = new StreamReader(new MemoryStream(stdin), Encoding.UTF8),
            StandardInputStream = new MemoryStream(stdin),
            StandardOutput = stdout,
            StandardError = stderr,
            GetEnvironmentVariable = name => name == "XLMR_MODEL" ? null : Environment.GetEnvironmentVariable(name),
        };
        context = customize?.Invoke(context) ?? context;
        int exitCode = XlmrApp.Run(args, context);
        byte[] written = context.StandardOutput is MemoryStream m ? m.ToArray() : stdout.ToArray();
        return new Result(exitCode, Encoding.UTF8.GetString(written), stderr.ToString()) { StdoutBytes = written };
    }

    public static string JsonLine(string text, string? pair = null)
    {
        var o = new Dictionary<string, string?> { ["text"] = text };
        if (pair is not null)
        {
            o["text_pair"] = pair;
        }

        return JsonSerializer.Serialize(o);
    }

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public byte[] StdoutBytes { get; init; } = [];

        public IReadOnlyList<JsonElement> Lines => Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .ToList();

        /// <summary>Stderr holds exactly one line, and no stack trace.</summary>
        public void AssertOneLineError(int exitCode)
        {
            Assert.AreEqual(exitCode, ExitCode, Stderr);
            string[] lines = Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.AreEqual(1, lines.Length, "one line on stderr: " + Stderr);
            Assert.IsFalse(Stderr.Contains("   at ", StringComparison.Ordinal), "no stack trace: " + Stderr);
            StringAssert.StartsWith(lines[0], "xlmr: error: ");
        }
    }
}

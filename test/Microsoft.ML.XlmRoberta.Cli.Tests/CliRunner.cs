using System.Text;
using System.Text.Json;

namespace Microsoft.ML.XlmRoberta.Cli.Tests;

/// <summary>Runs <c>xlmr</c> in-process with given stdin and captures stdout, stderr and the exit code.</summary>
internal static class CliRunner
{
    public static Result Run(string stdin, params string[] args) => Run(stdin, environment: null, args);

    public static Result Run(string stdin, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        Run(stdin, environment, stderrIsTerminal: false, args);

    public static Result Run(string stdin, IReadOnlyDictionary<string, string>? environment, bool stderrIsTerminal, params string[] args)
    {
        var stdout = new MemoryStream();
        var stderr = new StringWriter();
        var context = new CliContext
        {
            StandardInput = new StringReader(stdin),
            StandardOutput = stdout,
            StandardError = stderr,
            StandardErrorIsTerminal = stderrIsTerminal,
            GetEnvironmentVariable = name => environment is not null && environment.TryGetValue(name, out string? v)
                ? v
                : name == "XLMR_MODEL" ? null : Environment.GetEnvironmentVariable(name),
        };
        int exitCode = XlmrApp.Run(args, context);
        return new Result(exitCode, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
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
        public IReadOnlyList<JsonElement> Lines => Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .ToList();
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Benchmarks;

/// <summary>
/// Times <c>xlmr embed</c> as a user runs it: a whole process (start, model load, reading, embedding, writing JSON
/// lines) over the same texts, folder, batch size and threads.
/// </summary>
internal sealed partial class XlmrCliRunner : IDisposable
{
    private readonly string _cli;
    private readonly string _input;
    private readonly string _output;

    private XlmrCliRunner(string cli, string[] texts)
    {
        _cli = cli;
        _input = Path.Combine(Path.GetTempPath(), $"xlmr-bench-{Environment.ProcessId}.jsonl");
        _output = Path.Combine(Path.GetTempPath(), $"xlmr-bench-{Environment.ProcessId}.out.jsonl");
        using var writer = new StreamWriter(_input);
        foreach (string text in texts)
        {
            writer.WriteLine(JsonSerializer.Serialize(new { text }));
        }
    }

    /// <summary>The runner, or the reason there is none (<paramref name="cli"/> is the built <c>xlmr.dll</c>).</summary>
    public static (XlmrCliRunner? Runner, string? Error) Create(string cli, string[] texts) =>
        File.Exists(cli)
            ? (new XlmrCliRunner(cli, texts), null)
            : (null, $"'{cli}' not found (dotnet build src/Microsoft.ML.XlmRoberta.Cli -c Release, or pass --xlmr PATH)");

    /// <summary>
    /// Seconds from process start to exit, and the job's own seconds from its summary line (reading, embedding and
    /// writing, after the model is loaded); throws when the command fails.
    /// </summary>
    public (double Process, double Job) Run(string modelFolder, int batchSize, int threads)
    {
        string[] arguments =
        [
            _cli, "embed", "--model", modelFolder, "--input", _input, "--output", _output,
            "--batch-size", batchSize.ToString(CultureInfo.InvariantCulture), "--threads", threads.ToString(CultureInfo.InvariantCulture),
        ];
        var watch = Stopwatch.StartNew();
        ChildProcessResult result = ChildProcess.Run(ChildProcess.DotNet, arguments, Environment.CurrentDirectory, timeout: TimeSpan.FromHours(2));
        double seconds = watch.Elapsed.TotalSeconds;
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"xlmr embed failed: {result.Transcript}");
        }

        // "xlmr embed: N records in S s (R/s) -> FILE": the job's clock starts once the model is loaded.
        Match summary = Summary().Match(result.StandardError);
        if (!summary.Success)
        {
            throw new InvalidOperationException($"xlmr embed printed no summary line: {result.Transcript}");
        }

        return (seconds, double.Parse(summary.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"records in ([0-9.]+) s")]
    private static partial Regex Summary();

    public void Dispose()
    {
        File.Delete(_input);
        File.Delete(_output);
    }
}

using System.Text;
using System.Text.Json;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Cli.Tests;

/// <summary>
/// Every per-row failure is a well-formed <c>{"error", "line"}</c> row under <c>--on-error skip</c> and exit code 4
/// naming the line under <c>stop</c>; a model that outputs NaN is a model error (exit code 3), never a line's.
/// </summary>
[TestClass]
public sealed class SkipTotalityTests
{
    private static readonly string[] Commands = ["tokenize", "embed", "classify", "ner", "fill-mask"];

    /// <summary>Bad lines: name, raw bytes of the line, and the commands it is bad for.</summary>
    private static readonly (string Name, byte[] Line, string[] For)[] BadLines =
    [
        ("bad JSON", "{\"text\": nope"u8.ToArray(), Commands),
        ("lone high surrogate", "{\"text\": \"a \\ud800 b <mask>\"}"u8.ToArray(), Commands),
        ("lone low surrogate in text_pair", "{\"text\": \"a <mask>\", \"text_pair\": \"\\udc00\"}"u8.ToArray(), Commands),
        ("invalid UTF-8", [.. "{\"text\": \"a "u8, 0xFF, 0xC3, .. " <mask>\"}"u8], Commands),
        ("truncated UTF-8 sequence", [.. "{\"text\": \"a <mask> "u8, 0xE2, 0x82, .. "\"}"u8], Commands),
        ("over-length under --long-input throw", Encoding.UTF8.GetBytes(CliRunner.JsonLine(string.Join(' ', Enumerable.Repeat("word", 600)) + " <mask>")), ["embed", "classify", "ner", "fill-mask"]),
        ("fill-mask without <mask>", "{\"text\": \"nothing to fill\"}"u8.ToArray(), ["fill-mask"]),
        ("fill-mask with <mask> past the limit", Encoding.UTF8.GetBytes(CliRunner.JsonLine(string.Join(' ', Enumerable.Repeat("word", 40)) + " <mask>")), ["fill-mask"]),
    ];

    [TestMethod]
    public void EveryBadLineBecomesAnErrorRowUnderSkip()
    {
        var failures = new List<string>();
        foreach ((string command, string name, byte[] line) in Cases())
        {
            // Good, bad, good, with batches of 2 so the bad line shares a batch with a good one.
            byte[] stdin = [.. Good(), .. line, (byte)'\n', .. Good(), .. Good()];
            CliRunner.Result result = CliRunner.Run(stdin, null, [command, "--model", ModelFor(command), "--quiet", "--on-error", "skip", .. ExtraArgs(command, name)]);
            string? problem = Check(result, expectedRows: 4, errorLine: 2);
            if (problem is not null)
            {
                failures.Add($"{command} / {name}: {problem}");
            }
        }

        Assert.AreEqual(0, failures.Count, string.Join('\n', failures));
    }

    [TestMethod]
    public void EveryBadLineIsExitCode4NamingTheLineUnderStop()
    {
        var failures = new List<string>();
        foreach ((string command, string name, byte[] line) in Cases())
        {
            byte[] stdin = [.. Good(), .. line, (byte)'\n', .. Good()];
            CliRunner.Result result = CliRunner.Run(stdin, null, [command, "--model", ModelFor(command), "--quiet", .. ExtraArgs(command, name)]);
            string[] errors = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (result.ExitCode != ExitCodes.InputError || errors.Length != 1 || !errors[0].Contains("line 2", StringComparison.Ordinal))
            {
                failures.Add($"{command} / {name}: exit {result.ExitCode}, stderr {result.Stderr}");
            }
        }

        Assert.AreEqual(0, failures.Count, string.Join('\n', failures));
    }

    [TestMethod]
    public void InvalidUtf8IsReplacedOnlyWhenAsked()
    {
        byte[] stdin = [.. "{\"text\": \"caf"u8, 0xE9, .. "\"}\n"u8];

        CliRunner.Result replaced = CliRunner.Run(stdin, null, "tokenize", "--model", SharedFixtures.Model("feature-extraction"), "--quiet", "--invalid-utf8", "replace");
        CliRunner.Result rejected = CliRunner.Run(stdin, null, "tokenize", "--model", SharedFixtures.Model("feature-extraction"), "--quiet");

        Assert.AreEqual(0, replaced.ExitCode, replaced.Stderr);
        string expected = CliRunner.Run(CliRunner.JsonLine("caf\uFFFD"), "tokenize", "--model", SharedFixtures.Model("feature-extraction"), "--quiet").Stdout;
        Assert.AreEqual(expected, replaced.Stdout, "the bad byte reads as U+FFFD");
        rejected.AssertOneLineError(ExitCodes.InputError);
        StringAssert.Contains(rejected.Stderr, "invalid UTF-8");
    }

    [TestMethod]
    public void InvalidUtf8InPlainTextAndCsvIsAnErrorForItsRecord()
    {
        using var folder = new TempFolder();
        string text = folder.Write("in.txt", [.. "good\nba"u8, 0xFF, .. "d\ngood\n"u8]);
        string csv = folder.Write("in.csv", [.. "id,text\n1,good\n2,\"ba"u8, 0xFF, .. "d\nstill the same field\"\n3,good\n"u8]);

        foreach ((string input, long badLine) in new[] { (text, 2L), (csv, 3L) })
        {
            CliRunner.Result result = CliRunner.Run(string.Empty, "tokenize", "--model", SharedFixtures.Model("feature-extraction"), "--quiet", "--input", input, "--on-error", "skip");
            Assert.IsNull(Check(result, expectedRows: 3, errorLine: badLine, errorRow: 2), input + ": " + result.Stdout + result.Stderr);
        }
    }

    [TestMethod]
    public void NonFiniteModelOutputIsAModelErrorNotALineError()
    {
        using var folder = new TempFolder();
        var stdin = new StringBuilder();
        for (int i = 0; i < 50; i++)
        {
            stdin.AppendLine(CliRunner.JsonLine($"text {i} <mask>"));
        }

        foreach ((string command, string task) in new[] { ("embed", "feature-extraction"), ("classify", "text-classification"), ("ner", "token-classification"), ("fill-mask", "fill-mask") })
        {
            string model = DamagedModels.WithNaNEmbeddings(folder, task);
            foreach (string onError in new[] { "skip", "stop" })
            {
                CliRunner.Result result = CliRunner.Run(stdin.ToString(), command, "--model", model, "--quiet", "--on-error", onError);

                string name = $"{command} --on-error {onError}";
                result.AssertOneLineError(ExitCodes.ModelError);
                // Core's NonFiniteModelOutputException ("produced NaN in output ...") or the CLI's own check ("non-finite").
                Assert.IsTrue(result.Stderr.Contains("NaN", StringComparison.Ordinal) || result.Stderr.Contains("non-finite", StringComparison.Ordinal), name + ": " + result.Stderr);
                Assert.IsFalse(result.Stderr.Contains("line 1", StringComparison.Ordinal), name + ": no input line is blamed");
                Assert.AreEqual(0, result.Lines.Count(l => l.TryGetProperty("error", out _)), name + ": no error rows");
            }
        }
    }

    /// <summary>
    /// Null when every row is valid JSON, there are <paramref name="expectedRows"/>, and only row
    /// <paramref name="errorRow"/> (1-based; default: the same as the line) is an error row, for <paramref name="errorLine"/>.
    /// </summary>
    internal static string? Check(CliRunner.Result result, int expectedRows, long errorLine, int? errorRow = null)
    {
        if (result.ExitCode != ExitCodes.CompletedWithSkippedLines)
        {
            return $"exit {result.ExitCode} (expected 6): {result.Stderr}";
        }

        string[] rows = result.Stdout.Split('\n');
        if (rows.Length != expectedRows + 1 || rows[^1].Length != 0)
        {
            return $"{rows.Length - 1} rows, expected {expectedRows}: {result.Stdout}";
        }

        for (int i = 0; i < expectedRows; i++)
        {
            JsonElement row;
            try
            {
                row = JsonDocument.Parse(rows[i]).RootElement;
            }
            catch (JsonException e)
            {
                return $"row {i + 1} is not JSON ({e.Message}): {rows[i]}";
            }

            bool isError = row.TryGetProperty("error", out _);
            if (isError != (i + 1 == (errorRow ?? errorLine)) || (isError && row.GetProperty("line").GetInt64() != errorLine) || (isError && row.EnumerateObject().Count() != 2))
            {
                return $"row {i + 1} is wrong: {rows[i]}";
            }
        }

        return null;
    }

    private static IEnumerable<(string Command, string Name, byte[] Line)> Cases()
    {
        foreach (string command in Commands)
        {
            foreach ((string name, byte[] line, string[] applies) in BadLines)
            {
                if (applies.Contains(command))
                {
                    yield return (command, name, line);
                }
            }
        }
    }

    private static byte[] Good() => Encoding.UTF8.GetBytes(CliRunner.JsonLine("Paris is the <mask> of France.") + "\n");

    private static string[] ExtraArgs(string command, string name) => command == "tokenize"
        ? []
        : name.StartsWith("fill-mask with", StringComparison.Ordinal) ? ["--batch-size", "2", "--max-length", "16"] : ["--batch-size", "2", "--long-input", "throw"];

    internal static string ModelFor(string command) => SharedFixtures.Model(command switch
    {
        "classify" => "text-classification",
        "ner" => "token-classification",
        "fill-mask" => "fill-mask",
        _ => "feature-extraction",
    });
}

using System.Globalization;
using System.Text;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Cli.Tests;

/// <summary>Option values are checked before any work: exit code 2, one line, no stack trace, no output.</summary>
[TestClass]
public sealed class OptionValidationTests
{
    private static readonly string ThreeLines = CliRunner.JsonLine("a <mask>") + "\n" + CliRunner.JsonLine("b <mask>") + "\n" + CliRunner.JsonLine("c <mask>") + "\n";

    [TestMethod]
    public void OutOfRangeValuesAreOneLineUsageErrors()
    {
        string tooManyThreads = (4 * Environment.ProcessorCount + 1).ToString(CultureInfo.InvariantCulture);
        string[][] cases =
        [
            ["embed", "--threads", "100000"],
            ["embed", "--threads", tooManyThreads],
            ["ner", "--threads", "-1"],
            ["embed", "--max-length", "2"],
            ["embed", "--max-length", "100000"],
            ["embed", "--max-length", "513"],
            ["classify", "--max-length", "2"],
            ["classify", "--max-length", "100000"],
            ["ner", "--max-length", "100000"],
            ["fill-mask", "--max-length", "2"],
            ["fill-mask", "--max-length", "100000"],
            ["tokenize", "--max-length", "1"],
            ["fill-mask", "--top-k", "5000"],
            ["fill-mask", "--top-k", "0"],
            ["fill-mask", "--top-k", "250003"],
            ["classify", "--long-input", "slidingwindow"],
            ["embed", "--long-input", "slidingwindow", "--max-length", "64"],
            ["embed", "--batch-size", "1000000000"],
            ["embed", "--batch-size", "0"],
        ];
        var failures = new List<string>();
        foreach (string[] args in cases)
        {
            CliRunner.Result result = CliRunner.Run(ThreeLines, [args[0], "--model", SkipTotalityTests.ModelFor(args[0]), .. args[1..]]);
            string[] lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (result.ExitCode != ExitCodes.UsageError || lines.Length != 1 || result.Stderr.Contains("   at ", StringComparison.Ordinal)
                || !lines[0].Contains(args[1], StringComparison.Ordinal) || result.Stdout.Length > 0)
            {
                failures.Add($"{string.Join(' ', args)}: exit {result.ExitCode}, stdout {result.Stdout.Length} chars, stderr: {result.Stderr}");
            }
        }

        Assert.AreEqual(0, failures.Count, string.Join("\n", failures));
    }

    [TestMethod]
    public void InRangeValuesAtTheLimitsWork()
    {
        string maxThreads = (4 * Environment.ProcessorCount).ToString(CultureInfo.InvariantCulture);
        string[][] cases =
        [
            ["embed", "--threads", "1", "--max-length", "3"],
            ["embed", "--threads", maxThreads, "--max-length", "512"],
            ["embed", "--long-input", "slidingwindow", "--max-length", "131"],
            ["fill-mask", "--top-k", "1024"],
            ["fill-mask", "--top-k", "1"],
        ];
        foreach (string[] args in cases)
        {
            CliRunner.Result result = CliRunner.Run(ThreeLines, [args[0], "--model", SkipTotalityTests.ModelFor(args[0]), "--quiet", .. args[1..]]);
            Assert.AreEqual(0, result.ExitCode, string.Join(' ', args) + ": " + result.Stderr);
            Assert.AreEqual(3, result.Lines.Count);
        }
    }

    [TestMethod]
    public void PlainTextOnStdinIsDetected()
    {
        CliRunner.Result embed = CliRunner.Run("hi\n", "embed", "--model", SharedFixtures.Model("feature-extraction"), "--quiet");
        CliRunner.Result tokenize = CliRunner.Run("Hello world!\n\nHello world!", "tokenize", "--model", SharedFixtures.Model("feature-extraction"), "--quiet");

        Assert.AreEqual(0, embed.ExitCode, embed.Stderr);
        Assert.AreEqual(32, embed.Lines.Single().GetProperty("embedding").GetArrayLength());
        Assert.AreEqual(0, tokenize.ExitCode, tokenize.Stderr);
        CollectionAssert.AreEqual(
            new[] { "[0,35378,8999,38,2]", "[0,2]", "[0,35378,8999,38,2]" },
            tokenize.Lines.Select(l => l.GetProperty("ids").GetRawText()).ToArray());
    }

    [TestMethod]
    public void TextThatLooksLikeJsonAtFirstIsExplainedWithFormatText()
    {
        var stdin = new StringBuilder("{curly first line}\nplain second line\n");

        CliRunner.Result result = CliRunner.Run(stdin.ToString(), "tokenize", "--model", SharedFixtures.Model("feature-extraction"), "--quiet");

        result.AssertOneLineError(ExitCodes.InputError);
        StringAssert.Contains(result.Stderr, "--format text");
    }
}

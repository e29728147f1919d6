using System.Text;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Cli.Tests;

/// <summary>The progress bar is drawn on a terminal only, with rate, percentage and ETA, and cleared at the end.</summary>
[TestClass]
public sealed class ProgressTests
{
    [TestMethod]
    public void TerminalGetsABarWithPercentageAndEtaThenTheSummary()
    {
        string input = Path.Combine(Path.GetTempPath(), "xlmr-progress-" + Guid.NewGuid().ToString("N") + ".txt");
        var lines = new StringBuilder();
        for (int i = 0; i < 2000; i++)
        {
            lines.AppendLine(i % 2 == 0 ? "Hello world!" : "Das Wetter ist heute herrlich.");
        }

        File.WriteAllText(input, lines.ToString());
        try
        {
            string model = SharedFixtures.Model("feature-extraction");
            CliRunner.Result terminal = CliRunner.Run(string.Empty, null, stderrIsTerminal: true, "embed", "--model", model, "--input", input, "--batch-size", "1");
            CliRunner.Result redirected = CliRunner.Run(string.Empty, null, stderrIsTerminal: false, "embed", "--model", model, "--input", input, "--batch-size", "1");
            CliRunner.Result quiet = CliRunner.Run(string.Empty, null, stderrIsTerminal: true, "embed", "--model", model, "--input", input, "--quiet");

            Assert.AreEqual(0, terminal.ExitCode, terminal.Stderr);
            StringAssert.Contains(terminal.Stderr, "%");
            StringAssert.Contains(terminal.Stderr, "records");
            StringAssert.Contains(terminal.Stderr, "ETA");
            StringAssert.Contains(terminal.Stderr, "\r\u001b[K", "the bar is cleared before the summary");
            StringAssert.Contains(terminal.Stderr, "xlmr embed: 2000 records");
            Assert.IsFalse(redirected.Stderr.Contains('\r', StringComparison.Ordinal), "no bar when stderr is not a terminal");
            StringAssert.StartsWith(redirected.Stderr, "xlmr embed: 2000 records");
            Assert.AreEqual(string.Empty, quiet.Stderr);
            Assert.AreEqual(terminal.Stdout, redirected.Stdout);
        }
        finally
        {
            File.Delete(input);
        }
    }
}

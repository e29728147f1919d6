using System.Text.Json;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Cli.Tests;

/// <summary>Plain text, CSV and TSV in; CSV out.</summary>
[TestClass]
public sealed class FormatTests
{
    private static string Model => SharedFixtures.Model("feature-extraction");

    [TestMethod]
    public void PlainTextIsOneInputPerLine()
    {
        CliRunner.Result result = CliRunner.Run("Hello world!\n\nHello world!\n", "tokenize", "--model", Model, "--quiet", "--format", "text");

        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        IReadOnlyList<JsonElement> lines = result.Lines;
        Assert.AreEqual(3, lines.Count);
        Assert.AreEqual("[0,35378,8999,38,2]", lines[0].GetProperty("ids").GetRawText());
        Assert.AreEqual("[0,2]", lines[1].GetProperty("ids").GetRawText(), "an empty line is an empty text");
        Assert.AreEqual("[0,35378,8999,38,2]", lines[2].GetProperty("ids").GetRawText());
    }

    [TestMethod]
    public void CsvColumnsAndPairsMatchTheJsonLinesResult()
    {
        JsonElement pair = SharedFixtures.ReadJsonLines("fixtures/tokenizer/pairs.jsonl")[0];
        string first = pair.GetProperty("text").GetString()!;
        string second = pair.GetProperty("text_pair").GetString()!;
        string csv = "id,premise,hypothesis\n" + $"1,\"{first.Replace("\"", "\"\"", StringComparison.Ordinal)}\",\"{second.Replace("\"", "\"\"", StringComparison.Ordinal)}\"\n";
        string input = WriteTemp(".csv", csv);

        CliRunner.Result result = CliRunner.Run(string.Empty, "tokenize", "--model", Model, "--quiet", "--input", input, "--column", "premise", "--pair-column", "hypothesis");

        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        Assert.AreEqual(JsonSerializer.Serialize(pair.GetProperty("ids")), JsonSerializer.Serialize(result.Lines[0].GetProperty("ids")));
    }

    [TestMethod]
    public void TsvWithQuotedNewlinesKeepsLineNumbers()
    {
        string input = WriteTemp(".tsv", "text\tlabel\n\"two\nlines\"\tx\nshort_row_without_label_is_fine\n");

        CliRunner.Result result = CliRunner.Run(string.Empty, "tokenize", "--model", Model, "--quiet", "--input", input, "--output-format", "csv");

        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        string[] rows = result.Stdout.TrimEnd('\n').Split('\n');
        Assert.AreEqual("line,ids,tokens,offsets,error", rows[0]);
        StringAssert.StartsWith(rows[1], "2,", "the quoted record starts on line 2");
        StringAssert.StartsWith(rows[2], "4,", "the next record starts on line 4");
    }

    [TestMethod]
    public void MissingCsvColumnIsNamedBeforeAnyWork()
    {
        string input = WriteTemp(".csv", "body\nhello\n");

        CliRunner.Result result = CliRunner.Run(string.Empty, "tokenize", "--model", Model, "--input", input, "--column", "text");

        Assert.AreEqual(ExitCodes.InputError, result.ExitCode);
        StringAssert.Contains(result.Stderr, "no column 'text'");
        Assert.AreEqual(string.Empty, result.Stdout);
    }

    [TestMethod]
    public void CsvOutputQuotesCellsAndReportsErrorsInTheirRow()
    {
        string stdin = CliRunner.JsonLine("a, \"quoted\" word") + "\nnot json\n";

        CliRunner.Result result = CliRunner.Run(stdin, "tokenize", "--model", Model, "--quiet", "--output-format", "csv", "--on-error", "skip");

        Assert.AreEqual(ExitCodes.CompletedWithSkippedLines, result.ExitCode, result.Stderr);
        string[] rows = result.Stdout.TrimEnd('\n').Split('\n');
        Assert.AreEqual(3, rows.Length);
        StringAssert.Contains(rows[1], "\"[\"\"<s>\"\"");
        StringAssert.StartsWith(rows[2], "2,,,,");
        StringAssert.Contains(rows[2], "not valid JSON");
    }

    private static string WriteTemp(string extension, string content)
    {
        string path = Path.Combine(Path.GetTempPath(), "xlmr-cli-" + Guid.NewGuid().ToString("N") + extension);
        File.WriteAllText(path, content);
        return path;
    }
}

using System.Text;
using System.Text.Json;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Cli.Tests;

[TestClass]
public sealed class TokenizeCommandTests
{
    private static string Model => SharedFixtures.Model("feature-extraction");

    [TestMethod]
    public void EveryFixtureCaseMatchesHuggingFaceIdsTokensAndOffsets()
    {
        IReadOnlyList<JsonElement> cases = SharedFixtures.ReadJsonLines("fixtures/tokenizer/cases.jsonl");
        var stdin = new StringBuilder();
        foreach (JsonElement c in cases)
        {
            stdin.AppendLine(CliRunner.JsonLine(c.GetProperty("text").GetString()!));
        }

        CliRunner.Result result = CliRunner.Run(stdin.ToString(), "tokenize", "--model", Model, "--quiet");

        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        IReadOnlyList<JsonElement> lines = result.Lines;
        Assert.AreEqual(cases.Count, lines.Count);
        var mismatches = new List<string>();
        for (int i = 0; i < cases.Count; i++)
        {
            foreach (string field in new[] { "ids", "tokens", "offsets" })
            {
                string expected = Normalize(cases[i].GetProperty(field));
                string actual = Normalize(lines[i].GetProperty(field));
                if (expected != actual)
                {
                    mismatches.Add($"case {i} {field}: expected {expected} got {actual}");
                }
            }
        }

        Assert.AreEqual(0, mismatches.Count, string.Join('\n', mismatches.Take(5)));
    }

    [TestMethod]
    public void PairsWithMaxLengthMatchHuggingFace()
    {
        IReadOnlyList<JsonElement> pairs = SharedFixtures.ReadJsonLines("fixtures/tokenizer/pairs.jsonl");
        int checkedRows = 0;
        foreach (IGrouping<int?, JsonElement> group in pairs.GroupBy(MaxLength))
        {
            var stdin = new StringBuilder();
            foreach (JsonElement p in group)
            {
                stdin.AppendLine(CliRunner.JsonLine(p.GetProperty("text").GetString()!, p.GetProperty("text_pair").GetString()));
            }

            string[] args = group.Key is int max
                ? ["tokenize", "--model", Model, "--quiet", "--max-length", max.ToString(System.Globalization.CultureInfo.InvariantCulture)]
                : ["tokenize", "--model", Model, "--quiet", "--max-length", "100000"];
            CliRunner.Result result = CliRunner.Run(stdin.ToString(), args);
            Assert.AreEqual(0, result.ExitCode, result.Stderr);
            IReadOnlyList<JsonElement> lines = result.Lines;
            int i = 0;
            foreach (JsonElement p in group)
            {
                Assert.AreEqual(Normalize(p.GetProperty("ids")), Normalize(lines[i++].GetProperty("ids")), p.GetProperty("text").GetString());
                checkedRows++;
            }
        }

        Assert.AreEqual(pairs.Count, checkedRows);
    }

    [TestMethod]
    public void MalformedLineStopsWithItsLineNumber()
    {
        string stdin = CliRunner.JsonLine("fine") + "\n{\"text\": \n" + CliRunner.JsonLine("never reached") + "\n";
        CliRunner.Result result = CliRunner.Run(stdin, "tokenize", "--model", Model, "--quiet");

        Assert.AreEqual(ExitCodes.InputError, result.ExitCode);
        StringAssert.Contains(result.Stderr, "line 2");
        Assert.AreEqual(1, result.Lines.Count, "the line before the bad one is still written");
        Assert.AreEqual(1, result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, "one line, no stack trace");
    }

    [TestMethod]
    public void MalformedLineIsSkippedInPlaceWhenAsked()
    {
        string stdin = CliRunner.JsonLine("a") + "\n[1, 2]\n{\"no_text\": 1}\n" + CliRunner.JsonLine("b") + "\n";
        CliRunner.Result result = CliRunner.Run(stdin, "tokenize", "--model", Model, "--quiet", "--on-error", "skip");

        Assert.AreEqual(ExitCodes.CompletedWithSkippedLines, result.ExitCode, result.Stderr);
        IReadOnlyList<JsonElement> lines = result.Lines;
        Assert.AreEqual(4, lines.Count);
        Assert.IsTrue(lines[0].TryGetProperty("ids", out _));
        Assert.AreEqual(2, lines[1].GetProperty("line").GetInt32());
        Assert.AreEqual(3, lines[2].GetProperty("line").GetInt32());
        StringAssert.Contains(lines[2].GetProperty("error").GetString(), "\"text\"");
        Assert.IsTrue(lines[3].TryGetProperty("ids", out _));
    }

    [TestMethod]
    public void MissingModelFolderIsOneClearLine()
    {
        string missing = Path.Combine(Path.GetTempPath(), "xlmr-no-such-model-" + Guid.NewGuid().ToString("N"));
        CliRunner.Result result = CliRunner.Run(CliRunner.JsonLine("x"), "tokenize", "--model", missing);

        Assert.AreEqual(ExitCodes.ModelError, result.ExitCode);
        StringAssert.Contains(result.Stderr, missing);
        Assert.AreEqual(1, result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [TestMethod]
    public void UnwritableOutputIsOneClearLine()
    {
        string output = Path.Combine(Path.GetTempPath(), "xlmr-no-such-dir-" + Guid.NewGuid().ToString("N"), "out.jsonl");
        CliRunner.Result result = CliRunner.Run(CliRunner.JsonLine("x"), "tokenize", "--model", Model, "--output", output);

        Assert.AreEqual(ExitCodes.OutputError, result.ExitCode);
        StringAssert.Contains(result.Stderr, output);
    }

    [TestMethod]
    public void BadOptionValueIsAUsageError()
    {
        CliRunner.Result result = CliRunner.Run(string.Empty, "tokenize", "--model", Model, "--max-length", "1");

        Assert.AreEqual(ExitCodes.UsageError, result.ExitCode);
        StringAssert.Contains(result.Stderr, "--max-length");
    }

    [TestMethod]
    public void ModelDefaultsToXlmrModelEnvironmentVariable()
    {
        var environment = new Dictionary<string, string> { ["XLMR_MODEL"] = Model };
        CliRunner.Result result = CliRunner.Run(CliRunner.JsonLine("Hello world!"), environment, "tokenize", "--quiet");

        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        Assert.AreEqual("[0,35378,8999,38,2]", result.Lines[0].GetProperty("ids").GetRawText());
    }

    private static int? MaxLength(JsonElement pair) =>
        pair.TryGetProperty("max_length", out JsonElement m) && m.ValueKind == JsonValueKind.Number ? m.GetInt32() : null;

    private static string Normalize(JsonElement element) => JsonSerializer.Serialize(element);
}

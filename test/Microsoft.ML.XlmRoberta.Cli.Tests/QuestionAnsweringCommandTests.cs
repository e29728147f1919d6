using System.Text;
using System.Text.Json;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Cli.Tests;

/// <summary><c>xlmr qa</c> and <c>xlmr multiple-choice</c> against the end-to-end fixtures (Hugging Face's outputs).</summary>
[TestClass]
public sealed class QuestionAnsweringCommandTests
{
    private const float Tolerance = 1e-4f;

    private static IReadOnlyList<JsonElement> QaCases => SharedFixtures.ReadJsonLines("fixtures/e2e/question-answering.jsonl");

    private static IReadOnlyList<JsonElement> McCases => SharedFixtures.ReadJsonLines("fixtures/e2e/multiple-choice.jsonl");

    [TestMethod]
    public void QaAnswersMatchEveryCase()
    {
        foreach (bool impossible in new[] { false, true })
        {
            JsonElement[] cases = [.. QaCases.Where(c => c.GetProperty("handle_impossible_answer").GetBoolean() == impossible)];
            Assert.IsNotEmpty(cases);
            string[] extra = impossible ? ["--handle-impossible-answer"] : [];
            CliRunner.Result result = RunQa(string.Concat(cases.Select(c => QaLine(c) + "\n")), [.. FixtureParameters(cases[0]), "--batch-size", "5", .. extra]);
            Assert.AreEqual(0, result.ExitCode, result.Stderr);
            Assert.HasCount(cases.Length, result.Lines);
            for (int i = 0; i < cases.Length; i++)
            {
                AssertAnswers(cases[i].GetProperty("answers"), result.Lines[i].GetProperty("answers"), $"case {i} (impossible {impossible})");
            }
        }
    }

    [TestMethod]
    public void QaCsvCellHoldsTheJsonAnswers()
    {
        JsonElement c = QaCases[0];
        CliRunner.Result json = RunQa(QaLine(c) + "\n", FixtureParameters(c));
        CliRunner.Result csv = RunQa(QaLine(c) + "\n", [.. FixtureParameters(c), "--output-format", "csv"]);
        Assert.AreEqual(0, csv.ExitCode, csv.Stderr);
        string[] lines = csv.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual("line,answers,error", lines[0].Trim());
        string row = lines[1].Trim();
        StringAssert.StartsWith(row, "1,");
        StringAssert.EndsWith(row, ",");
        string cell = row[2..^1];
        Assert.IsTrue(cell.StartsWith('"') && cell.EndsWith('"'), cell);
        Assert.AreEqual(json.Lines[0].GetProperty("answers").GetRawText(), cell[1..^1].Replace("\"\"", "\""));
    }

    [TestMethod]
    public void QaLineWithoutContextIsSkippedAndNamed()
    {
        JsonElement c = QaCases[0];
        string stdin = QaLine(c) + "\n{\"question\": \"Where?\"}\n" + QaLine(c) + "\n";
        CliRunner.Result result = RunQa(stdin, [.. FixtureParameters(c), "--on-error", "skip"]);
        Assert.AreEqual(6, result.ExitCode, result.Stderr);
        Assert.HasCount(3, result.Lines);
        AssertAnswers(c.GetProperty("answers"), result.Lines[0].GetProperty("answers"), "line 1");
        Assert.AreEqual(2, result.Lines[1].GetProperty("line").GetInt32());
        StringAssert.Contains(result.Lines[1].GetProperty("error").GetString(), "context");
        AssertAnswers(c.GetProperty("answers"), result.Lines[2].GetProperty("answers"), "line 3");

        RunQa(stdin, FixtureParameters(c)).AssertOneLineError(4);
    }

    [TestMethod]
    public void QaOptionsOutOfRangeAreUsageErrors()
    {
        JsonElement c = QaCases[0];
        RunQa(QaLine(c) + "\n", ["--top-k", "0"]).AssertOneLineError(2);
        RunQa(QaLine(c) + "\n", ["--max-length", "64", "--doc-stride", "65"]).AssertOneLineError(2);
        RunQa(QaLine(c) + "\n", ["--max-answer-length", "0"]).AssertOneLineError(2);
    }

    [TestMethod]
    public void QaAndMultipleChoiceAreInTheHelp()
    {
        CliRunner.Result root = CliRunner.Run(string.Empty, "--help");
        StringAssert.Contains(root.Stdout, "qa");
        StringAssert.Contains(root.Stdout, "multiple-choice");
        CliRunner.Result qa = CliRunner.Run(string.Empty, "qa", "--help");
        foreach (string option in new[] { "--top-k", "--max-length", "--doc-stride", "--max-answer-length", "--handle-impossible-answer", "\"question\"", "\"answers\"" })
        {
            StringAssert.Contains(qa.Stdout, option);
        }

        StringAssert.Contains(CliRunner.Run(string.Empty, "multiple-choice", "--help").Stdout, "\"choices\"");
    }

    [TestMethod]
    public void MultipleChoiceMatchesEveryCase()
    {
        string stdin = string.Concat(McCases.Select(c => McLine(c) + "\n"));
        CliRunner.Result result = CliRunner.Run(stdin, "multiple-choice", "--model", SharedFixtures.Model("multiple-choice"), "--quiet", "--batch-size", "3");
        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        Assert.HasCount(McCases.Count, result.Lines);
        for (int i = 0; i < McCases.Count; i++)
        {
            AssertMc(McCases[i], result.Lines[i], $"case {i}");
        }
    }

    [TestMethod]
    public void MultipleChoiceReadsChoicesFromACsvCell()
    {
        string folder = Directory.CreateTempSubdirectory("xlmr-mc-").FullName;
        try
        {
            string input = Path.Combine(folder, "in.csv");
            var csv = new StringBuilder("prompt,choices\n");
            foreach (JsonElement c in McCases.Take(4))
            {
                csv.Append(Quote(c.GetProperty("prompt").GetString()!)).Append(',').Append(Quote(c.GetProperty("choices").GetRawText())).Append('\n');
            }

            File.WriteAllText(input, csv.ToString());
            CliRunner.Result result = CliRunner.Run(string.Empty, "multiple-choice", "--model", SharedFixtures.Model("multiple-choice"), "--quiet", "--input", input);
            Assert.AreEqual(0, result.ExitCode, result.Stderr);
            Assert.HasCount(4, result.Lines);
            for (int i = 0; i < 4; i++)
            {
                AssertMc(McCases[i], result.Lines[i], $"csv case {i}");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void MultipleChoiceLinesWithoutTwoChoicesAreSkipped()
    {
        JsonElement c = McCases[0];
        string stdin = "{\"prompt\": \"P\", \"choices\": [\"one\"]}\n" + McLine(c) + "\n{\"prompt\": \"P\", \"choices\": \"one\"}\n";
        CliRunner.Result result = CliRunner.Run(stdin, "multiple-choice", "--model", SharedFixtures.Model("multiple-choice"), "--quiet", "--on-error", "skip");
        Assert.AreEqual(6, result.ExitCode, result.Stderr);
        Assert.HasCount(3, result.Lines);
        StringAssert.Contains(result.Lines[0].GetProperty("error").GetString(), "at least two");
        AssertMc(c, result.Lines[1], "good line");
        StringAssert.Contains(result.Lines[2].GetProperty("error").GetString(), "array of strings");
    }

    [TestMethod]
    public void MultipleChoiceRefusesAQuestionAnsweringModel()
    {
        CliRunner.Run(McLine(McCases[0]) + "\n", "multiple-choice", "--model", SharedFixtures.Model("question-answering"), "--quiet").AssertOneLineError(3);
    }

    [TestMethod]
    public void StoppedJobsResumeToTheBytesOfAnUninterruptedRun()
    {
        using var folder = new TempFolder();
        var qa = new StringBuilder();
        var mc = new StringBuilder();
        // Several 256-record windows, and enough output that the file is written before the job ends: the stop request
        // comes from the first write and ends the job after the current window. A bad line now and then: its error row
        // and the exit code 6 must survive the resume.
        for (int i = 0; i < 600; i++)
        {
            qa.Append(i % 37 == 3 ? "{\"question\": \"Where?\"}" : QaLine(QaCases[i % QaCases.Count])).Append('\n');
        }

        for (int i = 0; i < 3000; i++)
        {
            mc.Append(i % 37 == 3 ? "{\"prompt\": \"P\", \"choices\": []}" : McLine(McCases[i % McCases.Count])).Append('\n');
        }

        string[][] jobs =
        [
            ["qa", "--model", SharedFixtures.Model("question-answering"), "--input", folder.Write("qa.jsonl", qa.ToString()), .. FixtureParameters(QaCases[0])],
            ["multiple-choice", "--model", SharedFixtures.Model("multiple-choice"), "--input", folder.Write("mc.jsonl", mc.ToString()), "--batch-size", "4"],
        ];
        foreach (string[] job in jobs)
        {
            string[] args = [.. job, "--on-error", "skip", "--quiet"];
            string reference = folder.File(job[0] + ".reference");
            Assert.AreEqual(6, CliRunner.Run(string.Empty, [.. args, "--output", reference]).ExitCode, job[0]);
            string output = folder.File(job[0] + ".out");
            var interruption = new CliInterruption();
            CliRunner.Result stopped = CliRunner.Run([], c => c with
            {
                Interruption = interruption,
                WrapOutputFile = s => new HookStream(s) { OnWrite = n => { if (n > 1) { interruption.Request("SIGINT", 130); } } },
            }, [.. args, "--output", output]);
            Assert.AreEqual(130, stopped.ExitCode, $"{job[0]}: {stopped.Stderr}");
            stopped.AssertOneLineError(130);
            Assert.IsFalse(File.Exists(output), job[0] + ": no output before the job completes");
            Assert.IsTrue(File.Exists(output + ".xlmr-partial"), job[0] + ": the partial file stays");
            CliRunner.Result resumed = CliRunner.Run(string.Empty, [.. args, "--output", output, "--resume"]);
            Assert.AreEqual(6, resumed.ExitCode, job[0] + ": " + resumed.Stderr);
            CollectionAssert.AreEqual(File.ReadAllBytes(reference), File.ReadAllBytes(output), job[0] + ": resumed bytes");
            Assert.IsFalse(File.Exists(output + ".xlmr-partial") || File.Exists(output + ".xlmr-resume"), job[0] + ": cleaned up");
        }
    }

    internal static string[] FixtureParameters(JsonElement c) =>
    [
        "--max-length", c.GetProperty("max_seq_len").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--doc-stride", c.GetProperty("doc_stride").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--top-k", c.GetProperty("top_k").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--max-answer-length", c.GetProperty("max_answer_len").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture),
    ];

    private static CliRunner.Result RunQa(string stdin, string[] extra) =>
        CliRunner.Run(stdin, ["qa", "--model", SharedFixtures.Model("question-answering"), "--quiet", .. extra]);

    private static string QaLine(JsonElement c) => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["question"] = c.GetProperty("question").GetString()!,
        ["context"] = c.GetProperty("context").GetString()!,
    });

    private static string McLine(JsonElement c) =>
        $"{{\"prompt\": {c.GetProperty("prompt").GetRawText()}, \"choices\": {c.GetProperty("choices").GetRawText()}}}";

    private static string Quote(string cell) => "\"" + cell.Replace("\"", "\"\"") + "\"";

    private static void AssertAnswers(JsonElement expected, JsonElement actual, string what)
    {
        JsonElement[] e = [.. expected.EnumerateArray()];
        JsonElement[] a = [.. actual.EnumerateArray()];
        Assert.HasCount(e.Length, a, what);
        for (int k = 0; k < e.Length; k++)
        {
            Assert.AreEqual(e[k].GetProperty("start").GetInt32(), a[k].GetProperty("start").GetInt32(), $"{what} answer {k} start");
            Assert.AreEqual(e[k].GetProperty("end").GetInt32(), a[k].GetProperty("end").GetInt32(), $"{what} answer {k} end");
            Assert.AreEqual(e[k].GetProperty("answer").GetString(), a[k].GetProperty("answer").GetString(), $"{what} answer {k}");
            Assert.AreEqual(e[k].GetProperty("score").GetSingle(), a[k].GetProperty("score").GetSingle(), Tolerance, $"{what} answer {k} score");
        }
    }

    private static void AssertMc(JsonElement expected, JsonElement actual, string what)
    {
        foreach (string member in new[] { "logits", "probs" })
        {
            float[] e = [.. expected.GetProperty(member).EnumerateArray().Select(x => x.GetSingle())];
            float[] a = [.. actual.GetProperty(member).EnumerateArray().Select(x => x.GetSingle())];
            Assert.HasCount(e.Length, a, $"{what} {member}");
            for (int j = 0; j < e.Length; j++)
            {
                Assert.AreEqual(e[j], a[j], Tolerance, $"{what} {member}[{j}]");
            }
        }

        Assert.AreEqual(expected.GetProperty("label").GetInt32(), actual.GetProperty("label").GetInt32(), what);
    }
}

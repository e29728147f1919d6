using System.Text;
using System.Text.Json;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Cli.Tests;

/// <summary>
/// The output file is never lost: input = output is refused, a failed job leaves the previous output as it was,
/// a full disk is exit code 5, and a stopped job resumes to the very bytes of an uninterrupted run (in-process).
/// </summary>
[TestClass]
public sealed class OutputSafetyTests
{
    private const string Previous = "{\"previous\":\"output\"}\n";

    private static string Model => SharedFixtures.Model("feature-extraction");

    [TestMethod]
    public void OutputThatIsTheInputIsRefusedThroughAnyPath()
    {
        using var folder = new TempFolder();
        string input = folder.Write("s.jsonl", Lines(5));
        File.CreateSymbolicLink(folder.File("link.jsonl"), input);
        Directory.CreateSymbolicLink(folder.File("dirlink"), folder.Path);
        Assert.AreEqual(0, Link(input, folder.File("hard.jsonl")), "hard link made");
        string[] outputs = [input, folder.File("link.jsonl"), Path.Combine(folder.File("dirlink"), "s.jsonl"), folder.File("hard.jsonl"), Path.Combine(folder.Path, ".", "s.jsonl")];
        var failures = new List<string>();
        foreach (string command in new[] { "tokenize", "embed" })
        {
            foreach (string output in outputs)
            {
                CliRunner.Result result = CliRunner.Run(string.Empty, command, "--model", Model, "--input", input, "--output", output);
                if (result.ExitCode != ExitCodes.UsageError || !result.Stderr.Contains("is the input", StringComparison.Ordinal) || File.ReadAllText(input) != Lines(5))
                {
                    failures.Add($"{command} -o {output}: exit {result.ExitCode}, input {new FileInfo(input).Length} bytes");
                    File.WriteAllText(input, Lines(5));
                }
            }
        }

        Assert.AreEqual(0, failures.Count, string.Join('\n', failures));
    }

    [TestMethod]
    public void OutputThatIsAFolderIsAUsageError()
    {
        using var folder = new TempFolder();
        string input = folder.Write("in.jsonl", Lines(2));

        CliRunner.Result result = CliRunner.Run(string.Empty, "embed", "--model", Model, "--input", input, "--output", folder.Path);

        result.AssertOneLineError(ExitCodes.UsageError);
        StringAssert.Contains(result.Stderr, "is a folder");
    }

    [TestMethod]
    public void SuccessReplacesTheOutputAndLeavesNoOtherFile()
    {
        using var folder = new TempFolder();
        string input = folder.Write("in.jsonl", Lines(40));
        string output = folder.Write("out.jsonl", Previous);

        CliRunner.Result result = CliRunner.Run(string.Empty, "embed", "--model", Model, "--quiet", "--input", input, "--output", output);

        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        Assert.AreEqual(40, File.ReadAllLines(output).Length);
        CollectionAssert.AreEqual(new[] { "in.jsonl", "out.jsonl" }, folder.Names());
    }

    [TestMethod]
    public void QuickstartWritesWholeFilesAndNothingElse()
    {
        using var folder = new TempFolder();
        string samples = Path.Combine(SharedFixtures.RepositoryRoot, "samples", "data");

        CliRunner.Result result = CliRunner.Run(string.Empty, "quickstart", "--output", folder.Path);

        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        CollectionAssert.AreEqual(new[] { "classifications.jsonl", "embeddings.jsonl" }, folder.Names());
        Assert.AreEqual(File.ReadAllLines(Path.Combine(samples, "multilingual.jsonl")).Count(l => l.Trim().Length > 0), File.ReadAllLines(folder.File("embeddings.jsonl")).Length);
        Assert.AreEqual(File.ReadAllLines(Path.Combine(samples, "pairs.jsonl")).Count(l => l.Trim().Length > 0), File.ReadAllLines(folder.File("classifications.jsonl")).Length);
    }

    [TestMethod]
    public void ModelLoadFailureKeepsThePreviousOutput()
    {
        using var folder = new TempFolder();
        string input = folder.Write("in.jsonl", Lines(3));
        string output = folder.Write("out.jsonl", Previous);
        // The tokenizer files matter too: the encoder loads its tokenizer on first use, after the output is opened.
        (string Command, string File)[] cases =
        [
            ("tokenize", "tokenizer_config.json"), ("tokenize", "sentencepiece.bpe.model"),
            ("embed", "config.json"), ("embed", "tokenizer_config.json"), ("embed", "sentencepiece.bpe.model"),
        ];
        foreach ((string command, string file) in cases)
        {
            string model = DamagedModels.WithBrokenFile(folder, "feature-extraction", file);
            CliRunner.Result result = CliRunner.Run(string.Empty, command, "--model", model, "--input", input, "--output", output);

            string name = $"{command} with a broken {file}";
            Assert.AreEqual(ExitCodes.ModelError, result.ExitCode, name + ": " + result.Stderr);
            Assert.AreEqual(Previous, File.ReadAllText(output), name);
            Assert.IsFalse(File.Exists(output + ".xlmr-partial") || File.Exists(output + ".xlmr-resume"), name + ": nothing left beside it");
        }
    }

    [TestMethod]
    public void BadInputUnderStopKeepsThePreviousOutput()
    {
        using var folder = new TempFolder();
        string input = folder.Write("in.jsonl", Lines(100) + "{\"text\": broken\n" + Lines(3));
        string output = folder.Write("out.jsonl", Previous);

        CliRunner.Result result = CliRunner.Run(string.Empty, "embed", "--model", Model, "--input", input, "--output", output);

        result.AssertOneLineError(ExitCodes.InputError);
        StringAssert.Contains(result.Stderr, "line 101");
        Assert.AreEqual(Previous, File.ReadAllText(output));
        Assert.IsFalse(File.Exists(output + ".xlmr-partial"), "the partial output of a failed job is removed");
    }

    [TestMethod]
    public void NonFiniteModelOutputKeepsThePreviousOutput()
    {
        using var folder = new TempFolder();
        string input = folder.Write("in.jsonl", Lines(10));
        string output = folder.Write("out.jsonl", Previous);
        string model = DamagedModels.WithNaNEmbeddings(folder, "feature-extraction");

        CliRunner.Result result = CliRunner.Run(string.Empty, "embed", "--model", model, "--input", input, "--output", output, "--on-error", "skip");

        result.AssertOneLineError(ExitCodes.ModelError);
        Assert.AreEqual(Previous, File.ReadAllText(output));
    }

    [TestMethod]
    public void FullDiskIsExitCode5AndKeepsThePreviousOutput()
    {
        using var folder = new TempFolder();
        string input = folder.Write("in.jsonl", Lines(3000));
        string output = folder.Write("out.jsonl", Previous);
        string[] args = ["embed", "--model", Model, "--input", input, "--output", output];

        CliRunner.Result full = CliRunner.Run([], c => c with { WrapOutputFile = s => HookStream.DiskFullAfter(s, 200_000) }, args);

        full.AssertOneLineError(ExitCodes.OutputError);
        StringAssert.Contains(full.Stderr, "No space left on device");
        Assert.AreEqual(Previous, File.ReadAllText(output));

        // After the disk is freed, --resume completes the job: the same bytes as a run that never failed.
        CliRunner.Result resumed = CliRunner.Run(string.Empty, [.. args, "--resume", "--quiet"]);
        Assert.AreEqual(0, resumed.ExitCode, resumed.Stderr);
        string reference = folder.File("reference.jsonl");
        Assert.AreEqual(0, CliRunner.Run(string.Empty, "embed", "--model", Model, "--input", input, "--output", reference, "--quiet").ExitCode);
        CollectionAssert.AreEqual(File.ReadAllBytes(reference), File.ReadAllBytes(output));
    }

    [TestMethod]
    public void FailingStdoutIsExitCode5()
    {
        CliRunner.Result result = CliRunner.Run(Encoding.UTF8.GetBytes(Lines(3000)), c => c with { StandardOutput = HookStream.DiskFullAfter(new MemoryStream(), 100_000) }, "tokenize", "--model", Model);

        result.AssertOneLineError(ExitCodes.OutputError);
    }

    [TestMethod]
    public void StopRequestThenResumeGivesTheBytesOfAnUninterruptedRun()
    {
        using var folder = new TempFolder();
        // Bad lines among good ones: error rows and their count (exit code 6) must survive the resume too.
        var text = new StringBuilder();
        for (int i = 0; i < 1500; i++)
        {
            text.Append(i % 97 == 5 ? "{\"text\": \"\\ud800\"}\n" : CliRunner.JsonLine($"line {i} <mask> " + new string('x', i % 13)) + "\n");
        }

        string input = folder.Write("in.jsonl", text.ToString());
        string[][] jobs =
        [
            ["tokenize", "--model", Model],
            ["embed", "--model", Model, "--batch-size", "7"],
            ["embed", "--model", Model, "--output-format", "csv"],
            ["fill-mask", "--model", SharedFixtures.Model("fill-mask"), "--top-k", "2"],
        ];
        foreach (string[] job in jobs)
        {
            string reference = folder.File("reference");
            string output = folder.Write("out", Previous);
            string[] args = [.. job, "--input", input, "--on-error", "skip", "--quiet"];
            Assert.AreEqual(ExitCodes.CompletedWithSkippedLines, CliRunner.Run(string.Empty, [.. args, "--output", reference]).ExitCode);

            foreach (long stopAfter in new long[] { 1, 30_000, 150_000 })
            {
                File.WriteAllText(output, Previous);
                var interruption = new CliInterruption();
                CliRunner.Result stopped = CliRunner.Run([], c => c with
                {
                    Interruption = interruption,
                    WrapOutputFile = s => new HookStream(s) { OnWrite = n => { if (n > stopAfter) { interruption.Request("SIGINT", 130); } } },
                }, [.. args, "--output", output]);

                string name = $"{job[0]} stopped after {stopAfter} bytes";
                stopped.AssertOneLineError(130);
                StringAssert.Contains(stopped.Stderr, "--resume", name);
                Assert.AreEqual(Previous, File.ReadAllText(output), name + ": the previous output is kept");
                string partial = File.ReadAllText(output + ".xlmr-partial");
                Assert.IsTrue(partial.Length == 0 || partial.EndsWith('\n'), name + ": whole rows only");
                if (!job.Contains("csv"))
                {
                    foreach (string line in partial.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                    {
                        JsonDocument.Parse(line).Dispose();
                    }
                }

                CliRunner.Result resumed = CliRunner.Run(string.Empty, [.. args, "--output", output, "--resume"]);
                Assert.AreEqual(ExitCodes.CompletedWithSkippedLines, resumed.ExitCode, name + ": " + resumed.Stderr);
                CollectionAssert.AreEqual(File.ReadAllBytes(reference), File.ReadAllBytes(output), name + ": byte-identical");
                Assert.IsFalse(File.Exists(output + ".xlmr-partial") || File.Exists(output + ".xlmr-resume"), name + ": cleaned up");
            }
        }
    }

    [TestMethod]
    public void ResumeRefusesAnotherInputOrOtherOptions()
    {
        using var folder = new TempFolder();
        string input = folder.Write("in.jsonl", Lines(2000));
        string output = folder.File("out.jsonl");
        string[] args = ["tokenize", "--model", Model, "--input", input, "--output", output];
        var interruption = new CliInterruption();
        CliRunner.Result stopped = CliRunner.Run([], c => c with
        {
            Interruption = interruption,
            WrapOutputFile = s => new HookStream(s) { OnWrite = _ => interruption.Request("SIGTERM", 143) },
        }, args);
        Assert.AreEqual(143, stopped.ExitCode, stopped.Stderr);

        CliRunner.Result otherOptions = CliRunner.Run(string.Empty, [.. args, "--max-length", "8", "--resume"]);
        otherOptions.AssertOneLineError(ExitCodes.UsageError);
        StringAssert.Contains(otherOptions.Stderr, "options differ");

        File.WriteAllText(input, "{\"text\": \"changed\"}\n" + Lines(2000));
        CliRunner.Result otherInput = CliRunner.Run(string.Empty, [.. args, "--resume"]);
        otherInput.AssertOneLineError(ExitCodes.UsageError);
        StringAssert.Contains(otherInput.Stderr, "does not start with");

        // A refused --resume keeps the interrupted job: with the original input back, it completes.
        File.WriteAllText(input, Lines(2000));
        Assert.AreEqual(0, CliRunner.Run(string.Empty, [.. args, "--resume", "--quiet"]).ExitCode);
        Assert.AreEqual(2000, File.ReadAllLines(output).Length);
    }

    [TestMethod]
    public void ResumeNeedsAnOutputFileAndAMarker()
    {
        using var folder = new TempFolder();
        CliRunner.Result toStdout = CliRunner.Run(Lines(2), "tokenize", "--model", Model, "--resume");
        toStdout.AssertOneLineError(ExitCodes.UsageError);
        StringAssert.Contains(toStdout.Stderr, "stdout cannot be resumed");

        CliRunner.Result noMarker = CliRunner.Run(Lines(2), "tokenize", "--model", Model, "--resume", "--output", folder.File("out.jsonl"));
        noMarker.AssertOneLineError(ExitCodes.UsageError);
        StringAssert.Contains(noMarker.Stderr, "nothing to resume");
    }

    [TestMethod]
    public void StopRequestWithStdoutOutputSaysItCannotResume()
    {
        var interruption = new CliInterruption();
        interruption.Request("SIGINT", 130);
        CliRunner.Result result = CliRunner.Run(Encoding.UTF8.GetBytes(Lines(100)), c => c with { Interruption = interruption }, "tokenize", "--model", Model);

        result.AssertOneLineError(130);
        StringAssert.Contains(result.Stderr, "cannot be resumed");
        Assert.IsTrue(result.Stdout.Length == 0 || result.Stdout.EndsWith('\n'), "whole rows only");
    }

    internal static string Lines(int count)
    {
        var text = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            text.Append(CliRunner.JsonLine($"Sentence number {i}, in a job.")).Append('\n');
        }

        return text.ToString();
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link(string existing, string created);
}

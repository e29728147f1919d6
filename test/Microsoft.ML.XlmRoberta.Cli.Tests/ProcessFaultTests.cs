using System.Text.Json;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Cli.Tests;

/// <summary>
/// The real process under real faults: SIGKILL at random points, SIGINT/SIGTERM/SIGHUP, and a file-size limit
/// (ulimit -f). Every interrupted job resumes to the bytes of an uninterrupted run; the previous output survives.
/// </summary>
[TestClass]
public sealed class ProcessFaultTests
{
    private const string Previous = "{\"previous\":\"output\"}\n";

    private static string Model => SharedFixtures.Model("feature-extraction");

    [TestMethod]
    public void SigkillAtRandomPointsThenResumeIsByteIdentical()
    {
        using var folder = new TempFolder();
        (string[] args, string reference) = EmbedJob(folder, "--batch-size", "16");
        long size = new FileInfo(reference).Length;
        var random = new Random(20261130);
        string output = folder.File("out.jsonl");
        int killed = 0;
        for (int run = 0; run < 4; run++)
        {
            File.WriteAllText(output, Previous);
            File.Delete(output + ".xlmr-resume");

            // Kill at a random point, then kill the resumed job again at a later one, then let it finish.
            bool resume = false;
            foreach (double fraction in new[] { 0.05 + (0.4 * random.NextDouble()), 0.5 + (0.45 * random.NextDouble()) })
            {
                using XlmrProcess job = XlmrProcess.Start(resume ? [.. args, "--output", output, "--resume"] : [.. args, "--output", output]);
                string partial = output + ".xlmr-partial";
                if (job.WaitForFile(partial, (long)(fraction * size)))
                {
                    job.Kill();
                    killed++;
                }

                job.Wait();
                if (File.Exists(partial))
                {
                    Assert.AreEqual(Previous, File.ReadAllText(output), $"run {run}: the previous output survives SIGKILL");
                }

                resume = File.Exists(output + ".xlmr-resume");
            }

            (int exitCode, _, string stderr) = XlmrProcess.Start(resume ? [.. args, "--output", output, "--resume"] : [.. args, "--output", output]).Wait();
            Assert.AreEqual(0, exitCode, stderr);
            CollectionAssert.AreEqual(File.ReadAllBytes(reference), File.ReadAllBytes(output), $"run {run}: byte-identical after kills and resumes");
        }

        Assert.IsTrue(killed >= 4, $"the jobs were killed part-way ({killed} kills)");
    }

    [TestMethod]
    public void SignalsLeaveWholeRowsAndAMarkerThenResumeIsByteIdentical()
    {
        using var folder = new TempFolder();
        (string[] args, string reference) = EmbedJob(folder);
        string output = folder.File("out.jsonl");
        foreach ((string signal, int number, int expected) in new[] { ("INT", 2, 130), ("TERM", 15, 143), ("HUP", 1, 129) })
        {
            File.WriteAllText(output, Previous);
            using XlmrProcess job = XlmrProcess.Start([.. args, "--output", output]);
            string partial = output + ".xlmr-partial";
            Assert.IsTrue(job.WaitForFile(partial, 100_000), "the job was still running");
            job.Signal(signal);
            (int exitCode, _, string stderr) = job.Wait();

            if (SignalIgnoredHere(number))
            {
                // Run under nohup (SIGHUP) or as a background job of a non-interactive shell (SIGINT): the ignored
                // signal is inherited, so the job must carry on and finish as usual.
                Assert.AreEqual(0, exitCode, $"SIG{signal} ignored by inheritance: {stderr}");
                CollectionAssert.AreEqual(File.ReadAllBytes(reference), File.ReadAllBytes(output), $"SIG{signal} ignored: the job finished");
                continue;
            }

            Assert.AreEqual(expected, exitCode, $"SIG{signal}: {stderr}");
            StringAssert.Contains(stderr, "--resume");
            Assert.AreEqual(Previous, File.ReadAllText(output), $"SIG{signal}: the previous output is kept");
            string[] rows = File.ReadAllText(partial).Split('\n');
            Assert.AreEqual(string.Empty, rows[^1], $"SIG{signal}: the partial output ends with a whole row");
            foreach (string row in rows[..^1])
            {
                JsonDocument.Parse(row).Dispose();
            }

            using JsonDocument marker = JsonDocument.Parse(File.ReadAllText(output + ".xlmr-resume"));
            Assert.AreEqual(rows.Length - 1, marker.RootElement.GetProperty("records").GetInt32(), $"SIG{signal}: the marker counts the rows");

            (int resumedExit, _, string resumedError) = XlmrProcess.Start([.. args, "--output", output, "--resume"]).Wait();
            Assert.AreEqual(0, resumedExit, resumedError);
            CollectionAssert.AreEqual(File.ReadAllBytes(reference), File.ReadAllBytes(output), $"SIG{signal}: byte-identical after --resume");
        }
    }

    [TestMethod]
    public void FileSizeLimitIsExitCode5AndKeepsThePreviousOutput()
    {
        RequireLinux();

        using var folder = new TempFolder();
        string input = folder.Write("in.jsonl", OutputSafetyTests.Lines(3000));
        string output = folder.Write("out.jsonl", Previous);
        string[] args = ["embed", "--model", Model, "--input", input, "--output", output];

        (int exitCode, _, string stderr) = XlmrProcess.StartWithFileSizeLimit(256, args).Wait();

        Assert.AreEqual(ExitCodes.OutputError, exitCode, "stderr: " + stderr);
        Assert.AreEqual(1, stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, stderr);
        Assert.AreEqual(Previous, File.ReadAllText(output));
        Assert.AreEqual(0, XlmrProcess.Start([.. args, "--resume", "--quiet"]).Wait().ExitCode, "resumes once the limit is gone");
        Assert.AreEqual(3000, File.ReadAllLines(output).Length);
    }

    /// <summary>An embed job over 12,000 lines and the output of an uninterrupted run of it.</summary>
    private static (string[] Args, string Reference) EmbedJob(TempFolder folder, params string[] extra)
    {
        RequireLinux();
        string input = folder.Write("in.jsonl", OutputSafetyTests.Lines(12_000));
        string reference = folder.File("reference.jsonl");
        string[] args = ["embed", "--model", Model, "--input", input, "--quiet", .. extra];
        using XlmrProcess run = XlmrProcess.Start([.. args, "--output", reference]);
        Assert.AreEqual(0, run.Wait().ExitCode);
        return (args, reference);
    }

    /// <summary>Whether this process inherited signal <paramref name="number"/> as ignored; child jobs then inherit it too.</summary>
    private static bool SignalIgnoredHere(int number)
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("SigIgn:", StringComparison.Ordinal))
            {
                ulong mask = Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16);
                return (mask & (1UL << (number - 1))) != 0; // bit n-1 is signal n
            }
        }

        return false;
    }

    private static void RequireLinux()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("signals and ulimit are tested on Linux");
        }
    }
}

using System.Diagnostics;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Notebooks.Tests;

/// <summary>A headless run: the executed notebook, how long it took, and what dotnet-repl printed.</summary>
internal sealed record NotebookRun(ExecutedNotebook Notebook, TimeSpan Elapsed, ChildProcessResult Process);

/// <summary>
/// Runs a committed notebook headless with <c>dotnet-repl --run ... --exit-after-run</c> (the local tool pinned in
/// <c>.config/dotnet-tools.json</c>), after pointing its <c>#i</c> line at the feed packed in this test run and its
/// package version at that feed's version. The executed copy is written to a temporary folder and deleted.
/// Packages restore into one isolated <c>NUGET_PACKAGES</c> folder per test run; model variables are cleared so the
/// notebooks use the fixture models.
/// </summary>
internal static class NotebookRunner
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(8);
    private static readonly Lazy<string> Packages = new(PackedFeed.CreateIsolatedPackagesFolder);
    private static readonly Lazy<bool> Tool = new(RestoreTool);

    public static NotebookRun Run(string notebook, string workingDirectory)
    {
        PackedFeed feed = PackedFeed.Get();
        _ = Tool.Value;
        string work = Path.Combine(Path.GetTempPath(), "xlmr-notebook-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            string input = Path.Combine(work, Path.GetFileName(notebook));
            string output = Path.Combine(work, "executed.ipynb");
            File.WriteAllText(input, Notebooks.WithFeed(notebook, feed.Directory, feed.Version));
            var clock = Stopwatch.StartNew();
            ChildProcessResult process = ChildProcess.Run(
                ChildProcess.DotNet,
                ["tool", "run", "dotnet-repl", "--run", input, "--exit-after-run", "--output-format", "ipynb", "--output-path", output],
                workingDirectory,
                new Dictionary<string, string?>
                {
                    ["NUGET_PACKAGES"] = Packages.Value,
                    ["XLMR_MODEL"] = null,
                    ["XLMR_NER_MODEL"] = null,
                },
                Limit);
            clock.Stop();
            Assert.IsTrue(File.Exists(output), $"dotnet-repl wrote no executed notebook:\n{process.Transcript}");
            return new NotebookRun(ExecutedNotebook.Read(output), clock.Elapsed, process);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Deletes the run's package folder (called once, after the last test).</summary>
    public static void CleanUp()
    {
        if (Packages.IsValueCreated && Directory.Exists(Packages.Value))
        {
            Directory.Delete(Packages.Value, recursive: true);
        }
    }

    private static bool RestoreTool()
    {
        ChildProcessResult restore = ChildProcess.Run(ChildProcess.DotNet, ["tool", "restore"], SharedFixtures.RepositoryRoot, timeout: TimeSpan.FromMinutes(5));
        Assert.AreEqual(0, restore.ExitCode, $"dotnet tool restore (dotnet-repl):\n{restore.Transcript}");
        return true;
    }
}

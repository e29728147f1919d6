using System.Diagnostics;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Cli.Tests;

/// <summary>The sample programs build with the tests and run as a newcomer would run them.</summary>
[TestClass]
public sealed class SampleProgramTests
{
    [TestMethod]
    public void SemanticSearchRanksTheWholeCorpusForEachQuery()
    {
        // This test assembly lives in artifacts/bin/<project>/<configuration>/; the sample sits beside it.
        string configuration = new DirectoryInfo(AppContext.BaseDirectory).Name;
        string sample = Path.Combine(SharedFixtures.RepositoryRoot, "artifacts", "bin", "SemanticSearch", configuration, "SemanticSearch.dll");
        Assert.IsTrue(File.Exists(sample), $"the sample was not built: {sample}");

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(sample);
        start.ArgumentList.Add("--model");
        start.ArgumentList.Add(SharedFixtures.Model("feature-extraction"));
        start.ArgumentList.Add("Wo ist der Bahnhof?");
        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        Assert.IsTrue(process.WaitForExit(120_000), "the sample finished");

        Assert.AreEqual(0, process.ExitCode, stderr.Result);
        StringAssert.StartsWith(stdout, "30 documents, 32 dimensions");
        string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        int query = Array.IndexOf(lines, "Wo ist der Bahnhof?");
        Assert.IsTrue(query > 0, stdout);
        Assert.AreEqual(query + 4, lines.Length, "three ranked sentences follow the query");
    }
}

using System.Diagnostics;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Benchmarks.Serve;

/// <summary>The offline <c>xlmr embed</c> baseline.</summary>
internal static class Xlmr
{
    /// <summary>
    /// Offline <c>xlmr embed</c> throughput on <paramref name="texts"/> in texts/s, without process start and model load:
    /// the difference between a run on all texts and a run on the first <paramref name="startupTexts"/>.
    /// </summary>
    public static (double TextsPerSecond, string OutputPath) EmbedThroughput(string xlmr, string model, string[] texts, int threads, string work, int startupTexts = 16)
    {
        string all = Path.Combine(work, "texts.txt");
        string few = Path.Combine(work, "texts-startup.txt");
        File.WriteAllLines(all, texts);
        File.WriteAllLines(few, texts.Take(startupTexts));
        double startup = Embed(xlmr, model, few, Path.Combine(work, "startup.jsonl"), threads);
        double full = Embed(xlmr, model, all, Path.Combine(work, "offline.jsonl"), threads);
        Console.WriteLine($"  offline xlmr embed: {texts.Length} texts in {full:F2} s, {startupTexts} texts in {startup:F2} s (start + load)");
        return ((texts.Length - startupTexts) / Math.Max(1e-3, full - startup), Path.Combine(work, "offline.jsonl"));
    }

    private static double Embed(string xlmr, string model, string input, string output, int threads)
    {
        var clock = Stopwatch.StartNew();
        ChildProcessResult result = ChildProcess.Run(
            ChildProcess.DotNet,
            [xlmr, "embed", "--model", model, "--input", input, "--format", "text", "--output", output, "--threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture), "--quiet"],
            Environment.CurrentDirectory,
            timeout: TimeSpan.FromMinutes(20));
        clock.Stop();
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"xlmr embed failed: {result.Transcript}");
        }

        return clock.Elapsed.TotalSeconds;
    }
}

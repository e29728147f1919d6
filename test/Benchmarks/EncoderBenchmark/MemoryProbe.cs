using System.Diagnostics;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Pooling;

namespace Microsoft.ML.XlmRoberta.Benchmarks;

/// <summary>Streams many short texts through a model and samples the process working set along the way.</summary>
internal static class MemoryProbe
{
    public static void Run(string folder, string[] corpus, int count, int threads)
    {
        using XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(folder, new XlmRobertaEncoderOptions { IntraOpThreads = threads, MaxBatchSize = 32 });
        var extractor = new XlmRobertaFeatureExtractor(encoder, new FeatureExtractionOptions { Normalize = true });
        IEnumerable<string> Texts()
        {
            for (int i = 0; i < count; i++)
            {
                string source = corpus[i % corpus.Length];
                yield return $"{source[..Math.Min(source.Length, 60)]} #{i}";
            }
        }

        using var process = Process.GetCurrentProcess();
        var start = Stopwatch.StartNew();
        int seen = 0;
        long maxSampled = 0;
        double checksum = 0;
        int step = Math.Max(1, count / 10);
        foreach (EmbeddingResult result in extractor.EmbedStream(Texts()))
        {
            checksum += result.Embedding[0];
            if (++seen % step == 0)
            {
                process.Refresh();
                maxSampled = Math.Max(maxSampled, process.WorkingSet64);
                Console.WriteLine($"  memory: {seen,7} texts  working set {process.WorkingSet64 / 1048576.0,7:F1} MiB  managed heap {GC.GetTotalMemory(false) / 1048576.0,6:F1} MiB  {seen / start.Elapsed.TotalSeconds,7:F0} texts/s");
            }
        }

        process.Refresh();
        Console.WriteLine($"  memory: streamed {seen} texts through '{folder}' in {start.Elapsed.TotalSeconds:F1} s; " +
                          $"peak working set {process.PeakWorkingSet64 / 1048576.0:F1} MiB (largest sample {maxSampled / 1048576.0:F1} MiB); checksum {checksum:F3}");
    }
}

using System.Diagnostics;
using Microsoft.ML.XlmRoberta.Benchmarks;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Pooling;
using Microsoft.ML.XlmRoberta.TestSupport;

// EncoderBenchmark: end-to-end feature extraction vs raw InferenceSession.Run vs transformers.js. See README.md.
BenchmarkOptions options = BenchmarkOptions.Parse(args);
string[] texts = Corpus.Load(options.Texts);
Console.WriteLine($"model {options.Model}; {texts.Length} texts; batch {options.BatchSize}; {options.Threads} intra-op threads; {options.Repetitions} repetitions; {Environment.ProcessorCount} cores");

var encoderOptions = new XlmRobertaEncoderOptions
{
    IntraOpThreads = options.Threads,
    MaxBatchSize = options.BatchSize,
    MaxTokensPerBatch = options.BatchSize * 512,
};
using (XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(options.Model, encoderOptions))
{
    var extractor = new XlmRobertaFeatureExtractor(encoder);
    extractor.Embed(texts[..Math.Min(options.BatchSize, texts.Length)]);
    using var raw = new RawRunReplay(encoder, texts, options.Threads);
    raw.Run();

    var endToEnd = new List<double>();
    var runs = new List<double>();
    EncoderStatistics before = encoder.Statistics;
    for (int r = 0; r < options.Repetitions; r++)
    {
        var watch = Stopwatch.StartNew();
        EmbeddingResult[] results = extractor.Embed(texts);
        endToEnd.Add(watch.Elapsed.TotalSeconds);
        if (results.Length != texts.Length)
        {
            throw new InvalidOperationException("result count");
        }

        runs.Add(raw.Run());
    }

    EncoderStatistics after = encoder.Statistics;
    long real = (after.RealTokens - before.RealTokens) / options.Repetitions;
    long padded = (after.PaddedTokens - before.PaddedTokens) / options.Repetitions;
    double inEngineRun = (after.SessionRunTime - before.SessionRunTime).TotalSeconds / options.Repetitions;
    double e2e = Median(endToEnd);
    double floor = Median(runs);
    Console.WriteLine($"(1) end-to-end: {texts.Length / e2e:F1} texts/s, {real / e2e:F0} tokens/s (median {e2e:F3} s per pass; passes {string.Join(", ", endToEnd.Select(s => s.ToString("F3")))})");
    Console.WriteLine($"(2) end-to-end / raw InferenceSession.Run on the same {raw.Batches} padded batches: {e2e / floor:F3} " +
                      $"(raw median {floor:F3} s; passes {string.Join(", ", runs.Select(s => s.ToString("F3")))}; Run time inside the engine {inEngineRun:F3} s)");
    Console.WriteLine($"(3) padding: {padded} padded tokens / {real} real tokens = {(double)padded / real:F4} (waste {(double)(padded - real) / real:P2})");

    if (options.TransformersJs is string module)
    {
        (TransformersJsRunner.Result? js, string? error) = TransformersJsRunner.Run(module, options.Model, texts, options.BatchSize, options.Threads, options.Repetitions);
        if (js is null)
        {
            Console.WriteLine($"(4) transformers.js: not run: {error}");
        }
        else
        {
            double jsTime = Median([.. js.Seconds]);
            Console.WriteLine($"(4) transformers.js 4.3.1: {js.Texts / jsTime:F1} texts/s, {js.Tokens / jsTime:F0} tokens/s (median {jsTime:F3} s; passes {string.Join(", ", js.Seconds.Select(s => s.ToString("F3")))}); " +
                              $"this library is {jsTime / e2e:F2}x its throughput");
        }
    }
}

string tiny = options.TinyModel ?? SharedFixtures.Model("feature-extraction");
if (options.MemoryTexts > 0)
{
    MemoryProbe.Run(tiny, texts, options.MemoryTexts, options.Threads);
}

static double Median(List<double> values)
{
    values.Sort();
    int n = values.Count;
    return n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2;
}

using System.Diagnostics;
using Microsoft.ML.XlmRoberta.Benchmarks;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Pooling;
using Microsoft.ML.XlmRoberta.TestSupport;

// EncoderBenchmark: end-to-end feature extraction vs raw InferenceSession.Run vs transformers.js. See README.md.
if (args.Length == 3 && args[0] == "--memory-probe")
{
    // Child process: a clean working set for the streaming-memory measurement.
    MemoryProbe.Run(args[1], Corpus.Load(10_000), int.Parse(args[2]), threads: 2);
    return;
}

BenchmarkOptions options = BenchmarkOptions.Parse(args);
string[] texts = Corpus.Load(options.Texts, options.Corpus);
Console.WriteLine($"model {options.Model}; {texts.Length} texts; batch {options.BatchSize}; {options.Threads} intra-op threads; {options.Repetitions} repetitions; {Environment.ProcessorCount} cores; " +
                  $"library threads spin: {(options.Spinning ? "yes, as ONNX Runtime's default and transformers.js's" : "no (the library's default; transformers.js keeps ONNX Runtime's default, spinning)")}");

var encoderOptions = new XlmRobertaEncoderOptions
{
    IntraOpThreads = options.Threads,
    MaxBatchSize = options.BatchSize,
    MaxTokensPerBatch = options.BatchSize * 512,
    AllowSpinning = options.Spinning,
};
var loadWatch = Stopwatch.StartNew();
using (XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(options.Model, encoderOptions))
{
    double load = loadWatch.Elapsed.TotalSeconds;
    Console.WriteLine($"(0) XlmRobertaEncoder.Load (config, tokenizer, ONNX Runtime session): {load:F3} s");
    var extractor = new XlmRobertaFeatureExtractor(encoder);
    extractor.Embed(texts[..Math.Min(options.BatchSize, texts.Length)]);
    using var raw = new RawRunReplay(encoder, texts, options.Threads);
    raw.Run();

    (XlmrCliRunner? cli, string? cliError) = options.Xlmr is string cliPath ? XlmrCliRunner.Create(cliPath, texts) : (null, "skipped (--xlmr none)");
    var cliRuns = new List<double>();
    var cliJobs = new List<double>();
    var endToEnd = new List<double>();
    var runs = new List<double>();
    var ratios = new List<double>();
    var overheads = new List<double>();
    EncoderStatistics before = encoder.Statistics;
    for (int r = 0; r < options.Repetitions; r++)
    {
        // Alternate raw and end-to-end passes so both see the same machine load; compare pass by pass.
        double rawPass = raw.Run();
        EncoderStatistics passStart = encoder.Statistics;
        var watch = Stopwatch.StartNew();
        EmbeddingResult[] results = extractor.Embed(texts);
        double pass = watch.Elapsed.TotalSeconds;
        double inEngine = (encoder.Statistics.SessionRunTime - passStart.SessionRunTime).TotalSeconds;
        if (results.Length != texts.Length)
        {
            throw new InvalidOperationException("result count");
        }

        endToEnd.Add(pass);
        runs.Add(rawPass);
        ratios.Add(pass / rawPass);
        overheads.Add((pass - inEngine) / pass);
        if (cli is not null)
        {
            (double process, double job) = cli.Run(options.Model, options.BatchSize, options.Threads);
            cliRuns.Add(process);
            cliJobs.Add(job);
        }
    }

    cli?.Dispose();

    EncoderStatistics after = encoder.Statistics;
    long real = (after.RealTokens - before.RealTokens) / options.Repetitions;
    long padded = (after.PaddedTokens - before.PaddedTokens) / options.Repetitions;
    double e2e = Median(endToEnd);
    Console.WriteLine($"(1) end-to-end: {texts.Length / e2e:F1} texts/s, {real / e2e:F0} tokens/s (median {e2e:F3} s per pass; best {texts.Length / endToEnd.Min():F1} texts/s, {real / endToEnd.Min():F0} tokens/s; passes {string.Join(", ", endToEnd.Select(s => s.ToString("F3")))})");
    Console.WriteLine($"(2) end-to-end / raw InferenceSession.Run on the same {raw.Batches} padded batches: median of paired passes {Median(ratios):F3} " +
                      $"(pairs {string.Join(", ", ratios.Select(x => x.ToString("F3")))}; raw passes {string.Join(", ", runs.Select(s => s.ToString("F3")))}; best vs best {endToEnd.Min() / runs.Min():F3}); " +
                      $"time outside Run within each end-to-end pass (tokenize, batch, pool): median {Median(overheads):P2}");
    long inputOrder = InputOrderPadding(encoder, texts, options.BatchSize);
    Console.WriteLine($"(3) padding: {padded} padded tokens / {real} real tokens = {(double)padded / real:F4} (waste {(double)(padded - real) / real:P2}); " +
                      $"batching in input order, as transformers.js does, would feed {inputOrder} tokens ({(double)inputOrder / real:F4})");

    if (options.TransformersJs is string module)
    {
        (TransformersJsRunner.Result? js, string? error) = TransformersJsRunner.Run(module, options.Model, texts, options.BatchSize, options.Threads, options.Repetitions, options.JsSorted);
        if (js is null)
        {
            Console.WriteLine($"(4) transformers.js: not run: {error}");
        }
        else
        {
            double jsTime = Median([.. js.Seconds]);
            double jsBest = js.Seconds.Min();
            Console.WriteLine($"(4) transformers.js 4.3.1{(options.JsSorted ? " (length-sorted batches)" : string.Empty)}: {js.Texts / jsTime:F1} texts/s, {js.Tokens / jsTime:F0} tokens/s (median {jsTime:F3} s; passes {string.Join(", ", js.Seconds.Select(s => s.ToString("F3")))}); " +
                              $"this library is {jsTime / e2e:F2}x its throughput (median vs median; best vs best {jsBest / endToEnd.Min():F2}x)");
        }
    }

    if (cli is null)
    {
        Console.WriteLine($"(5) xlmr embed: not run: {cliError}");
    }
    else
    {
        // The library's pass excludes its load; a whole process cannot, so both ratios are given, and the job's own
        // time after loading (its summary line) against (1).
        double cliTime = Median(cliRuns);
        double jobTime = Median(cliJobs);
        Console.WriteLine($"(5) xlmr embed, whole process (start, load, read, embed, write): {texts.Length / cliTime:F1} texts/s (median {cliTime:F3} s; runs {string.Join(", ", cliRuns.Select(s => s.ToString("F3")))}); " +
                          $"{e2e / cliTime:F2}x the library's end-to-end (1); {(e2e + load) / cliTime:F2}x the library's end-to-end plus its load (0); " +
                          $"after its model load (its summary line: read, embed, write): {texts.Length / jobTime:F1} texts/s (median {jobTime:F3} s; runs {string.Join(", ", cliJobs.Select(s => s.ToString("F3")))}), {e2e / jobTime:F2}x (1)");
    }
}

string tiny = options.TinyModel ?? SharedFixtures.Model("feature-extraction");
if (options.MemoryTexts > 0)
{
    var child = new ProcessStartInfo(Environment.ProcessPath!);
    if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
    {
        child.ArgumentList.Add(typeof(BenchmarkOptions).Assembly.Location);
    }

    foreach (string arg in new[] { "--memory-probe", tiny, options.MemoryTexts.ToString(System.Globalization.CultureInfo.InvariantCulture) })
    {
        child.ArgumentList.Add(arg);
    }

    using Process probe = Process.Start(child)!;
    probe.WaitForExit();
}

static long InputOrderPadding(XlmRobertaEncoder encoder, string[] texts, int batchSize)
{
    long total = 0;
    for (int start = 0; start < texts.Length; start += batchSize)
    {
        int end = Math.Min(texts.Length, start + batchSize);
        int longest = 0;
        for (int i = start; i < end; i++)
        {
            // The encoder's own route (truncated to the model's maximum length), as RawRunReplay feeds it.
            longest = Math.Max(longest, encoder.Tokenize(texts[i]).Ids.Count);
        }

        total += (long)longest * (end - start);
    }

    return total;
}

static double Median(List<double> values)
{
    values.Sort();
    int n = values.Count;
    return n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2;
}

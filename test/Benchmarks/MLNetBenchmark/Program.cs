// Embeddings throughput: the ML.NET transform (EmbedXlmRoberta, cursor over an IDataView) against the core
// engine's batched API (XlmRobertaFeatureExtractor.Embed on the whole list), on the same texts and settings.
// Usage: dotnet run -c Release --project test/Benchmarks/MLNetBenchmark --
//        [--model DIR] [--texts N] [--rounds R] [--batch B] [--read-ahead A] [--threads T]
using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.XlmRoberta;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Pooling;
using Microsoft.ML.XlmRoberta.TestSupport;

var settings = new Dictionary<string, string>();
for (int i = 0; i + 1 < args.Length; i += 2)
{
    settings[args[i].TrimStart('-')] = args[i + 1];
}

string model = settings.GetValueOrDefault("model") ?? SharedFixtures.Model("feature-extraction");
int count = int.Parse(settings.GetValueOrDefault("texts", "3000"));
int rounds = int.Parse(settings.GetValueOrDefault("rounds", "5"));
var defaults = new XlmRobertaEncoderOptions();
int batch = settings.TryGetValue("batch", out string? b) ? int.Parse(b) : defaults.MaxBatchSize;
int readAhead = settings.TryGetValue("read-ahead", out string? a) ? int.Parse(a) : XlmRobertaInferenceOptions.DefaultReadAheadRows;
int threads = int.Parse(settings.GetValueOrDefault("threads", "0"));

var corpus = SharedFixtures.ReadJsonLines("fixtures/tokenizer/cases.jsonl").Select(c => c.GetProperty("text").GetString()!).ToArray();
string[] texts = Enumerable.Range(0, count).Select(i => corpus[i % corpus.Length]).ToArray();

// Core engine, batched API.
var encoderOptions = new XlmRobertaEncoderOptions { MaxBatchSize = batch, IntraOpThreads = threads };
using var encoder = XlmRobertaEncoder.Load(model, encoderOptions);
var extractor = new XlmRobertaFeatureExtractor(encoder);

// ML.NET transform, same settings.
var ml = new MLContext(seed: 0);
IDataView data = ml.Data.LoadFromEnumerable(texts.Select(t => new TextRow { Text = t }));
using EmbedXlmRobertaTransformer transformer = ml.Transforms.Text.EmbedXlmRoberta(new EmbedXlmRobertaOptions
{
    ModelFolder = model,
    Encoder = encoderOptions,
    ReadAheadRows = readAhead,
}).Fit(data);

double Core()
{
    var watch = Stopwatch.StartNew();
    EmbeddingResult[] results = extractor.Embed(texts);
    watch.Stop();
    return results.Length / watch.Elapsed.TotalSeconds;
}

double MLNet() => Throughput(transformer);

double Throughput(ITransformer model)
{
    var watch = Stopwatch.StartNew();
    IDataView output = model.Transform(data);
    int rows = 0;
    using (DataViewRowCursor cursor = output.GetRowCursor([output.Schema["Features"]]))
    {
        ValueGetter<VBuffer<float>> getter = cursor.GetGetter<VBuffer<float>>(output.Schema["Features"]);
        VBuffer<float> vector = default;
        while (cursor.MoveNext())
        {
            getter(ref vector);
            rows++;
        }
    }

    watch.Stop();
    return rows / watch.Elapsed.TotalSeconds;
}

Core();
EncoderStatistics coreStats = encoder.Statistics;
MLNet();
EncoderStatistics mlnetStats = transformer.Encoder.Statistics;
var core = new List<double>();
var mlnet = new List<double>();
for (int r = 0; r < rounds; r++)
{
    // Alternate the order so neither side always runs warm after the other.
    if (r % 2 == 0)
    {
        core.Add(Core());
        mlnet.Add(MLNet());
    }
    else
    {
        mlnet.Add(MLNet());
        core.Add(Core());
    }
}

// The same transform saved and loaded: as loaded (row by row) and after XlmRobertaPersistence.RestoreBatching.
string savedPath = Path.Combine(Path.GetTempPath(), $"xlmr-bench-{Environment.ProcessId}.zip");
ml.Model.Save(transformer, data.Schema, savedPath);
ITransformer loaded = ml.Model.Load(savedPath, out DataViewSchema savedSchema);
ITransformer restored = Microsoft.ML.XlmRoberta.Persistence.XlmRobertaPersistence.RestoreBatching(loaded, savedSchema);
File.Delete(savedPath);
double loadedRate = Throughput(loaded);
double restoredRate = Throughput(restored);
(restored as IDisposable)?.Dispose();

double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
Console.WriteLine($"model {model}");
Console.WriteLine($"{count} texts, {rounds} rounds, batch {batch}, read-ahead {readAhead}, threads {(threads == 0 ? "default" : threads)}");
Console.WriteLine($"core engine (Embed, batched): {Median(core),10:F0} texts/s  (rounds: {string.Join(", ", core.Select(v => v.ToString("F0")))})");
Console.WriteLine($"ML.NET transform (cursor):    {Median(mlnet),10:F0} texts/s  (rounds: {string.Join(", ", mlnet.Select(v => v.ToString("F0")))})");
Console.WriteLine($"saved + loaded (row by row):  {loadedRate,10:F0} texts/s; after RestoreBatching: {restoredRate:F0} texts/s (one pass each)");
Console.WriteLine($"one pass: core {coreStats.Batches} ONNX runs, padding waste {coreStats.PaddingWaste:P1}; ML.NET {mlnetStats.Batches} runs, padding waste {mlnetStats.PaddingWaste:P1}");
Console.WriteLine($"ratio ML.NET / core: {Median(mlnet) / Median(core):F3}x (target >= 0.9x)");
// Each round runs both sides back to back, so the per-round ratio cancels most of the load of a shared machine.
Console.WriteLine($"paired ratio (median over rounds of ML.NET / core): {Median(core.Select((c, r) => mlnet[r] / c).ToList()):F3}x");
return 0;

/// <summary>One input text.</summary>
internal sealed class TextRow
{
    public string Text { get; set; } = "";
}

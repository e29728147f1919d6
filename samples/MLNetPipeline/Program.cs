// XLM-R in ML.NET pipelines.
// Usage: dotnet run --project samples/MLNetPipeline -- [--model DIR] [--data FILE.jsonl]
//   --data: JSON lines with "text" and optionally "label"; without a label the text's Unicode script is the label.
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.XlmRoberta;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Persistence;
using MLNetPipeline;

string? model = Environment.GetEnvironmentVariable("XLMR_MODEL");
string? dataFile = null;
for (int i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--model": model = args[i + 1]; break;
        case "--data": dataFile = args[i + 1]; break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
}

string repo = FindUp("Microsoft.ML.XlmRoberta.sln") ?? throw new InvalidOperationException("Run this sample from the repository.");
model ??= Path.Combine(repo, "..", "shared", "fixtures", "models", "feature-extraction");
dataFile ??= Path.Combine(repo, "samples", "data", "multilingual.jsonl");
var rows = new List<LabelledText>();
foreach (string line in File.ReadLines(dataFile).Where(l => l.Length > 0))
{
    JsonElement row = JsonDocument.Parse(line).RootElement;
    string text = row.GetProperty("text").GetString()!;
    rows.Add(new LabelledText { Text = text, Label = row.TryGetProperty("label", out JsonElement l) ? l.GetString()! : Scripts.Of(text) });
}

var ml = new MLContext(seed: 0);
IDataView data = ml.Data.LoadFromEnumerable(rows);

// 1. Embeddings -> classifier -> metrics (3-fold cross-validation; the data set is small).
var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
    .Append(ml.Transforms.Text.EmbedXlmRoberta(new EmbedXlmRobertaOptions
    {
        ModelFolder = model,
        InputColumnName = "Text",
        OutputColumnName = "Features",
        Normalize = true,
        Encoder = new XlmRobertaEncoderOptions { MaxBatchSize = 16 },
    }))
    .AppendCacheCheckpoint(ml)
    .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy())
    .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
Console.WriteLine($"{rows.Count} texts, labels: {string.Join(", ", rows.GroupBy(r => r.Label).Select(g => $"{g.Key}={g.Count()}"))}");
var folds = ml.MulticlassClassification.CrossValidate(data, pipeline, numberOfFolds: 3);
Console.WriteLine($"cross-validated micro accuracy {folds.Average(f => f.Metrics.MicroAccuracy):F3}, macro accuracy {folds.Average(f => f.Metrics.MacroAccuracy):F3}");

// The fitted pipeline saves and loads like any ML.NET model (the model folder must exist where it is loaded).
// The fitted XLM-R transformer owns its ONNX Runtime session: the chain disposes it.
string saved = Path.Combine(Path.GetTempPath(), "xlmr-mlnet-sample.zip");
using (var trained = pipeline.Fit(data))
{
    ml.Model.Save(trained, data.Schema, saved);
}

// A loaded model maps row by row; RestoreBatching gives it its batched (and disposable) XLM-R transformer back.
ITransformer loaded = XlmRobertaPersistence.RestoreBatching(ml.Model.Load(saved, out DataViewSchema inputSchema), inputSchema);
using (var engine = ml.Model.CreatePredictionEngine<LabelledText, Prediction>(loaded))
{
    Console.WriteLine($"loaded model predicts 'Добрый вечер!' -> {engine.Predict(new LabelledText { Text = "Добрый вечер!" }).PredictedLabel}");
}

(loaded as IDisposable)?.Dispose();

// 2. TokenizeXlmRoberta -> ApplyOnnxModel -> mean pooling in a CustomMapping, next to EmbedXlmRoberta.
var onnx = ml.Transforms.Text.TokenizeXlmRoberta("input_ids", "Text", model)
    .Append(ml.Transforms.ApplyOnnxModel(["last_hidden_state"], ["input_ids", "attention_mask"], Path.Combine(model, "onnx", "model.onnx")))
    .Append(ml.Transforms.CustomMapping<HiddenState, Pooled>(MeanPooling.Pool, contractName: null))
    .Append(ml.Transforms.Text.EmbedXlmRoberta("Features", "Text", model));
using (var both = onnx.Fit(data))
{
    IDataView output = both.Transform(data);
    float[][] pooled = output.GetColumn<float[]>("Pooled").ToArray();
    float[][] features = output.GetColumn<float[]>("Features").ToArray();
    double worst = pooled.Zip(features).Max(p => p.First.Zip(p.Second).Max(x => Math.Abs(x.First - x.Second)));
    Console.WriteLine($"ApplyOnnxModel + mean pooling vs EmbedXlmRoberta: {pooled.Length} rows, largest difference {worst:E2}");
}

return 0;

static string? FindUp(string file)
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, file)))
        {
            return dir.FullName;
        }
    }

    return null;
}

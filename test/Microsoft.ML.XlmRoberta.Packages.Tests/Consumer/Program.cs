// A consumer of the packed packages: tokenize, embed, and an ML.NET pipeline (EmbedXlmRoberta -> trainer ->
// Evaluate -> Save/Load -> PredictionEngine). Prints one JSON object that PackageTests checks.
// Usage: Consumer <feature-extraction model folder> <output.json>
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.XlmRoberta;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Pooling;
using Microsoft.ML.XlmRoberta.Tokenization;

string model = args[0];
var result = new Dictionary<string, object>();

XlmRobertaTokenizer tokenizer = XlmRobertaTokenizer.FromModelFolder(model);
result["ids"] = tokenizer.Encode("Hello world!").Ids.ToArray();

using (XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(model))
{
    var extractor = new XlmRobertaFeatureExtractor(encoder, new FeatureExtractionOptions { Pooling = PoolingMode.Mean });
    result["mean"] = extractor.Embed(["Hello world!"])[0].Embedding;
}

var rows = new List<Row>();
string[] english = ["The weather is lovely today.", "Where is the station?", "I like green tea.", "The book is on the table.", "We are going home now.", "Thank you very much."];
string[] russian = ["Сегодня прекрасная погода.", "Где вокзал?", "Я люблю зелёный чай.", "Книга лежит на столе.", "Мы идём домой.", "Большое спасибо."];
foreach (string text in english)
{
    rows.Add(new Row { Text = text, Label = "en" });
}

foreach (string text in russian)
{
    rows.Add(new Row { Text = text, Label = "ru" });
}

var ml = new MLContext(seed: 1);
IDataView data = ml.Data.LoadFromEnumerable(rows);
var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
    .Append(ml.Transforms.Text.EmbedXlmRoberta("Features", "Text", model))
    .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy())
    .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
ITransformer trained = pipeline.Fit(data);
var metrics = ml.MulticlassClassification.Evaluate(trained.Transform(data));
result["microAccuracy"] = metrics.MicroAccuracy;
result["logLoss"] = metrics.LogLoss;

string saved = Path.Combine(Path.GetTempPath(), $"xlmr-consumer-{Guid.NewGuid():N}.zip");
ml.Model.Save(trained, data.Schema, saved);
ITransformer loaded = ml.Model.Load(saved, out _);
File.Delete(saved);
using (var engine = ml.Model.CreatePredictionEngine<Row, Prediction>(loaded))
{
    result["prediction"] = engine.Predict(new Row { Text = "Большое спасибо." }).PredictedLabel;
}

File.WriteAllText(args[1], JsonSerializer.Serialize(result));
Console.WriteLine("consumer: ok");
return 0;

/// <summary>A labelled text.</summary>
public sealed class Row
{
    public string Text { get; set; } = "";

    public string Label { get; set; } = "";
}

/// <summary>The pipeline's prediction.</summary>
public sealed class Prediction
{
    public string PredictedLabel { get; set; } = "";
}

using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.XlmRoberta.Persistence;

// Usage: ModelLoader MODEL.zip INPUT.json OUTPUT.json
// INPUT.json:  {"columns": {"Text": ["...", ...], "Pair": [...]}, "outputs": ["Features", "PredictedLabel"], "restore": false}
// OUTPUT.json: {"restored": false, "types": {"Features": "Vector<Single, 32>", ...}, "rows": [{"Features": [..], ...}, ...]}
// With "restore": true the loaded model goes through XlmRobertaPersistence.RestoreBatching.
// Loads the model in this fresh process (nothing of the saving process is shared) and writes what it predicts.
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: ModelLoader MODEL.zip INPUT.json OUTPUT.json");
    return 2;
}

var mlContext = new MLContext(seed: 1);
ITransformer loaded = mlContext.Model.Load(args[0], out DataViewSchema inputSchema);
using JsonDocument input = JsonDocument.Parse(File.ReadAllText(args[1]));
bool restore = input.RootElement.TryGetProperty("restore", out JsonElement flag) && flag.GetBoolean();
ITransformer model = restore ? XlmRobertaPersistence.RestoreBatching(loaded, inputSchema) : loaded;
var columns = new List<(string Name, string[] Values)>();
foreach (JsonProperty column in input.RootElement.GetProperty("columns").EnumerateObject())
{
    columns.Add((column.Name, column.Value.EnumerateArray().Select(v => v.GetString() ?? "").ToArray()));
}

string[] outputs = input.RootElement.GetProperty("outputs").EnumerateArray().Select(v => v.GetString()!).ToArray();
IDataView data = model.Transform(new StringColumnsDataView(columns));

using var stream = File.Create(args[2]);
using var json = new Utf8JsonWriter(stream);
json.WriteStartObject();
json.WriteBoolean("restored", !ReferenceEquals(model, loaded));
json.WriteStartObject("types");
foreach (string name in outputs)
{
    json.WriteString(name, data.Schema[name].Type.ToString());
}

json.WriteEndObject();
json.WriteStartArray("rows");
var wanted = outputs.Select(n => data.Schema[n]).ToArray();
using (DataViewRowCursor cursor = data.GetRowCursor(wanted))
{
    var writers = wanted.Select(c => ValueWriter.Create(cursor, c)).ToArray();
    while (cursor.MoveNext())
    {
        json.WriteStartObject();
        for (int i = 0; i < wanted.Length; i++)
        {
            json.WritePropertyName(wanted[i].Name);
            writers[i](json);
        }

        json.WriteEndObject();
    }
}

json.WriteEndArray();
json.WriteEndObject();
return 0;

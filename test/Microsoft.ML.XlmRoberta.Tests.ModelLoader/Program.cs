using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

// Usage: ModelLoader MODEL.zip INPUT.json OUTPUT.json
// INPUT.json:  {"columns": {"Text": ["...", ...], "Pair": [...]}, "outputs": ["Features", "PredictedLabel"]}
// OUTPUT.json: {"types": {"Features": "Vector<Single, 32>", ...}, "rows": [{"Features": [..], "PredictedLabel": ".."}, ...]}
// Loads the model in this fresh process (nothing of the saving process is shared) and writes what it predicts.
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: ModelLoader MODEL.zip INPUT.json OUTPUT.json");
    return 2;
}

var mlContext = new MLContext(seed: 1);
ITransformer model = mlContext.Model.Load(args[0], out DataViewSchema _);
using JsonDocument input = JsonDocument.Parse(File.ReadAllText(args[1]));
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

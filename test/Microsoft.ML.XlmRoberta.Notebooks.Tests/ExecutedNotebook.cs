using System.Text.Json;

namespace Microsoft.ML.XlmRoberta.Notebooks.Tests;

/// <summary>One output of an executed cell: its MIME bundle, or an error.</summary>
/// <param name="Data">MIME type to text (empty for an error).</param>
/// <param name="Error">The error message, or null.</param>
internal sealed record CellOutput(IReadOnlyDictionary<string, string> Data, string? Error);

/// <summary>An executed code cell: its source and outputs.</summary>
/// <param name="Source">The cell's code.</param>
/// <param name="Outputs">What it displayed, in order.</param>
internal sealed record ExecutedCell(string Source, IReadOnlyList<CellOutput> Outputs)
{
    /// <summary>The text of every output of the given MIME type, joined.</summary>
    public string Text(string mimeType = "text/html") =>
        string.Join("\n", Outputs.Where(o => o.Data.ContainsKey(mimeType)).Select(o => o.Data[mimeType]));
}

/// <summary>A notebook as dotnet-repl wrote it after running (<c>--output-format ipynb</c>).</summary>
internal sealed class ExecutedNotebook
{
    private ExecutedNotebook(IReadOnlyList<ExecutedCell> cells) => Cells = cells;

    /// <summary>The code cells, in order.</summary>
    public IReadOnlyList<ExecutedCell> Cells { get; }

    /// <summary>Every error output, with the start of its cell.</summary>
    public IEnumerable<string> Errors =>
        Cells.SelectMany(c => c.Outputs.Where(o => o.Error is not null).Select(o => $"cell '{FirstLine(c.Source)}': {o.Error}"));

    /// <summary>The one code cell whose source contains <paramref name="marker"/>.</summary>
    public ExecutedCell Cell(string marker)
    {
        ExecutedCell[] found = Cells.Where(c => c.Source.Contains(marker, StringComparison.Ordinal)).ToArray();
        return found.Length == 1 ? found[0] : throw new AssertFailedException($"{found.Length} code cells contain '{marker}'");
    }

    public static ExecutedNotebook Read(string path)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
        var cells = new List<ExecutedCell>();
        foreach (JsonElement cell in document.RootElement.GetProperty("cells").EnumerateArray())
        {
            if (cell.GetProperty("cell_type").GetString() != "code")
            {
                continue;
            }

            var outputs = new List<CellOutput>();
            if (cell.TryGetProperty("outputs", out JsonElement list))
            {
                foreach (JsonElement output in list.EnumerateArray())
                {
                    outputs.Add(ReadOutput(output));
                }
            }

            cells.Add(new ExecutedCell(Notebooks.Text(cell.GetProperty("source")), outputs));
        }

        return new ExecutedNotebook(cells);
    }

    private static CellOutput ReadOutput(JsonElement output)
    {
        string kind = output.GetProperty("output_type").GetString()!;
        if (kind == "error")
        {
            return new CellOutput(new Dictionary<string, string>(), output.GetProperty("evalue").GetString() ?? "(no message)");
        }

        var data = new Dictionary<string, string>();
        if (output.TryGetProperty("data", out JsonElement bundle))
        {
            foreach (JsonProperty item in bundle.EnumerateObject())
            {
                data[item.Name] = Notebooks.Text(item.Value);
            }
        }

        if (output.TryGetProperty("text", out JsonElement stream))
        {
            data["stream"] = Notebooks.Text(stream);
        }

        return new CellOutput(data, null);
    }

    private static string FirstLine(string source) => source.Split('\n')[0];
}

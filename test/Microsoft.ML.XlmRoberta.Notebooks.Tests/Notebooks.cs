using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Notebooks.Tests;

/// <summary>The committed notebooks and their setup cell.</summary>
internal static class Notebooks
{
    /// <summary>The notebooks the run tests cover, relative to the repository root.</summary>
    public const string Embeddings = "samples/Notebooks/01-multilingual-embeddings.ipynb";
    public const string MLNet = "samples/Notebooks/02-mlnet-dataframe.ipynb";
    public const string Entities = "samples/Notebooks/03-token-classification-fill-mask.ipynb";

    public static readonly string[] All = [Embeddings, MLNet, Entities];

    /// <summary>The line that names the local package source, as committed (users put their feed's path there).</summary>
    public const string SourceLinePrefix = "#i \"nuget: ";

    /// <summary>The package reference whose version a test run replaces with the version it packed.</summary>
    public const string PackageLinePrefix = "#r \"nuget: Microsoft.ML.XlmRoberta, ";

    public static string FullPath(string notebook) => Path.Combine(SharedFixtures.RepositoryRoot, notebook);

    /// <summary>Every .ipynb under samples/, relative to the repository root with forward slashes.</summary>
    public static string[] Committed() =>
        Directory.GetFiles(Path.Combine(SharedFixtures.RepositoryRoot, "samples"), "*.ipynb", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(SharedFixtures.RepositoryRoot, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>A notebook's code cells' sources.</summary>
    public static string[] CodeCells(string notebook)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(FullPath(notebook)));
        return document.RootElement.GetProperty("cells").EnumerateArray()
            .Where(c => c.GetProperty("cell_type").GetString() == "code")
            .Select(c => Text(c.GetProperty("source")))
            .ToArray();
    }

    /// <summary>
    /// The notebook with its package source and package version pointed at <paramref name="feed"/>: only the
    /// <c>#i</c> line's path and the Microsoft.ML.XlmRoberta version change; everything else runs as committed.
    /// </summary>
    public static string WithFeed(string notebook, string feed, string version)
    {
        JsonNode document = JsonNode.Parse(File.ReadAllText(FullPath(notebook)))!;
        int replaced = 0;
        foreach (JsonNode? cell in document["cells"]!.AsArray())
        {
            if (cell!["cell_type"]!.GetValue<string>() != "code")
            {
                continue;
            }

            string[] lines = Text(cell["source"]!.Deserialize<JsonElement>()).Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i].StartsWith(SourceLinePrefix, StringComparison.Ordinal))
                {
                    lines[i] = $"{SourceLinePrefix}{feed}\"";
                    replaced++;
                }
                else if (lines[i].StartsWith(PackageLinePrefix, StringComparison.Ordinal))
                {
                    lines[i] = $"{PackageLinePrefix}{version}\"";
                    replaced++;
                }
            }

            cell["source"] = string.Join('\n', lines);
        }

        Assert.AreEqual(2, replaced, $"{notebook}: expected one '{SourceLinePrefix}...' line and one '{PackageLinePrefix}...' line");
        return document.ToJsonString();
    }

    /// <summary>A notebook source or output: a string or an array of lines.</summary>
    public static string Text(JsonElement value) => value.ValueKind == JsonValueKind.Array
        ? string.Concat(value.EnumerateArray().Select(l => l.GetString()))
        : value.GetString() ?? "";

}

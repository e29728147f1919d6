using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Notebooks.Tests;

/// <summary>
/// Every notebook, run headless from the repository root and from its own folder against the packages packed in
/// this test run: no cell may fail, and the key outputs are checked (fixture models, so expected values come from
/// the Hugging Face reference outputs or from the notebook's own structure).
/// </summary>
[TestClass]
public sealed partial class NotebookRunTests
{
    public TestContext TestContext { get; set; } = null!;

    [AssemblyCleanup]
    public static void CleanUp() => NotebookRunner.CleanUp();

    [TestMethod]
    [DataRow("root")]
    [DataRow("folder")]
    public void MultilingualEmbeddingsNotebook(string from)
    {
        ExecutedNotebook notebook = Run(Notebooks.Embeddings, from);

        // An encoding renders as a token/id/offset table (the kernel extension's formatter), <s> ... </s>.
        string encodingHtml = notebook.Cell("Encode(\"Hello world!").Text();
        StringAssert.Contains(encodingHtml, "xlmr-encoding");
        HtmlTable encoding = HtmlTable.Single(encodingHtml);
        CollectionAssert.AreEqual(new[] { "#", "token", "id", "offset", "sequence" }, encoding.Header.ToArray());
        StringAssert.Contains(encodingHtml, $"{encoding.Rows.Count} tokens");
        Assert.AreEqual("0", encoding.Column("id")[0]);
        Assert.AreEqual("2", encoding.Column("id")[^1]);

        // The embedding batch renders as its shape: 8 sentences x the model's hidden size.
        int hidden = HiddenSize("feature-extraction");
        string batch = notebook.Cell("extractor.Embed(").Text();
        StringAssert.Contains(batch, $"shape [8, {hidden}]");
        Assert.AreEqual(8, HtmlTable.Single(batch).Rows.Count);

        // The Plotly heatmap: an 8x8 symmetric matrix with ones on the diagonal, labelled with 8 languages.
        JsonElement trace = PlotlyData(notebook.Cell("Chart.Heatmap").Text())[0];
        Assert.AreEqual("heatmap", trace.GetProperty("type").GetString());
        string[] languages = trace.GetProperty("x").EnumerateArray().Select(x => x.GetString()!).ToArray();
        Assert.AreEqual(8, languages.Distinct().Count(), string.Join(", ", languages));
        double[][] z = trace.GetProperty("z").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        Assert.AreEqual(8, z.Length);
        for (int i = 0; i < 8; i++)
        {
            Assert.AreEqual(8, z[i].Length);
            Assert.AreEqual(1.0, z[i][i], 1e-5, $"diagonal [{i}]");
            for (int j = 0; j < 8; j++)
            {
                Assert.AreEqual(z[i][j], z[j][i], 1e-6, $"symmetry [{i}, {j}]");
                Assert.IsTrue(z[i][j] is >= -1.00001 and <= 1.00001, $"cosine [{i}, {j}] = {z[i][j]}");
            }
        }

        // Nearest neighbours: one row per sentence, always in another language, with the matrix's best cosine.
        HtmlTable neighbours = HtmlTable.Single(notebook.Cell("ToTabularDataResource").Text());
        string[] language = neighbours.Column("Language");
        string[] neighbour = neighbours.Column("Neighbour");
        CollectionAssert.AreEqual(languages, language);
        for (int i = 0; i < 8; i++)
        {
            int j = Array.IndexOf(languages, neighbour[i]);
            Assert.AreNotEqual(i, j, $"{language[i]} is its own neighbour");
            Assert.AreEqual(z[i].Where((_, k) => k != i).Max(), z[i][j], 1e-6, $"{language[i]}'s neighbour is the most similar sentence");
        }
    }

    [TestMethod]
    [DataRow("root")]
    [DataRow("folder")]
    public void MLNetDataFrameNotebook(string from)
    {
        ExecutedNotebook notebook = Run(Notebooks.MLNet, from);

        Match split = SplitRegex().Match(notebook.Cell("pipeline.Fit(").Text("text/plain"));
        Assert.IsTrue(split.Success, "the train/test row counts are printed");
        int train = int.Parse(split.Groups[1].Value, CultureInfo.InvariantCulture);
        int test = int.Parse(split.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.AreEqual(30, train + test, "the notebook's DataFrame has 30 rows (10 languages x 3 topics)");

        // The metrics table.
        HtmlTable metrics = HtmlTable.Single(notebook.Cell("Evaluate(").Text());
        CollectionAssert.AreEqual(new[] { "MicroAccuracy", "MacroAccuracy", "LogLoss", "LogLossReduction" }, metrics.Column("Metric"));
        double[] values = metrics.Column("Value").Select(Number).ToArray();
        Assert.IsTrue(values[0] is >= 0 and <= 1 && values[1] is >= 0 and <= 1, $"accuracies {values[0]}, {values[1]}");
        Assert.IsTrue(double.IsFinite(values[2]) && values[2] >= 0, $"log loss {values[2]}");

        // The confusion matrix: 3 topics each way, counts summing to the test rows, its diagonal giving the accuracy.
        HtmlTable confusion = HtmlTable.Single(notebook.Cell("ConfusionMatrix").Text());
        string[] topics = confusion.Column("Actual \\ Predicted");
        CollectionAssert.AreEquivalent(new[] { "weather", "food", "travel" }, topics);
        double total = 0, correct = 0;
        for (int a = 0; a < topics.Length; a++)
        {
            for (int p = 0; p < topics.Length; p++)
            {
                double count = Number(confusion.Column(topics[p])[a]);
                total += count;
                correct += a == p ? count : 0;
            }
        }

        Assert.AreEqual(test, total, "confusion matrix counts = test rows");
        Assert.AreEqual(values[0], correct / total, 1e-6, "micro accuracy = confusion diagonal / total");

        // The predictions came back as a DataFrame with a Correct column that agrees with the metrics.
        HtmlTable predictions = HtmlTable.Single(notebook.Cell("ToDataFrame(").Text());
        Assert.AreEqual(test, predictions.Rows.Count);
        string[] labels = predictions.Column("Label");
        string[] predicted = predictions.Column("PredictedLabel");
        string[] marked = predictions.Column("Correct");
        for (int i = 0; i < test; i++)
        {
            Assert.AreEqual(labels[i] == predicted[i] ? "True" : "False", marked[i], $"row {i}");
        }

        Assert.AreEqual(values[0], marked.Count(m => m == "True") / (double)test, 1e-6, "micro accuracy = correct predictions / rows");
    }

    [TestMethod]
    [DataRow("root")]
    [DataRow("folder")]
    public void TokenClassificationAndFillMaskNotebook(string from)
    {
        ExecutedNotebook notebook = Run(Notebooks.Entities, from);

        // Each result renders as highlighted text: one <mark> per entity in its table.
        ExecutedCell results = notebook.Cell("ner.Predict(");
        string[] highlighted = results.Outputs.Select(o => o.Data.GetValueOrDefault("text/html", "")).Where(h => h.Contains("xlmr-entities", StringComparison.Ordinal)).ToArray();
        Assert.AreEqual(4, highlighted.Length, "one highlighted result per text");
        int entities = 0;
        foreach (string html in highlighted)
        {
            int rows = HtmlTable.Single(html).Rows.Count;
            Assert.AreEqual(rows, Count(html, "<mark "), html);
            entities += rows;
        }

        Assert.IsTrue(entities > 0, "the fixture model marks entities");
        Assert.AreEqual(entities, Count(notebook.Cell("static string Highlight(").Text(), "<mark "), "the offsets-based highlighting marks the same entities");

        // Fill-mask: the candidates for "Paris is the <mask> of France." are Hugging Face's top 5 for the fixture model.
        JsonElement reference = SharedFixtures.ReadJsonLines("fixtures/e2e/fill-mask.jsonl")
            .Single(r => r.GetProperty("text").GetString() == "Paris is the <mask> of France.");
        JsonElement[] top5 = reference.GetProperty("top5")[0].EnumerateArray().ToArray();
        HtmlTable first = HtmlTable.Single(notebook.Cell("fillMask.Predict(").Text());
        CollectionAssert.AreEqual(top5.Select(t => t.GetProperty("token").GetString()).ToArray(), first.Column("token"));
        CollectionAssert.AreEqual(top5.Select(t => t.GetProperty("id").GetInt32().ToString(CultureInfo.InvariantCulture)).ToArray(), first.Column("id"));
        string[] scores = first.Column("score");
        for (int i = 0; i < 5; i++)
        {
            Assert.AreEqual(top5[i].GetProperty("prob").GetDouble(), Number(scores[i]), 1e-4, $"score of candidate {i + 1}");
        }

        // All candidates as one table: 3 sentences x top 5, ranked.
        HtmlTable all = HtmlTable.Single(notebook.Cell("Filled =").Text());
        Assert.AreEqual(15, all.Rows.Count);
        CollectionAssert.AreEqual(Enumerable.Repeat(new[] { "1", "2", "3", "4", "5" }, 3).SelectMany(r => r).ToArray(), all.Column("Rank"));
    }

    private ExecutedNotebook Run(string notebook, string from)
    {
        string directory = from == "root" ? SharedFixtures.RepositoryRoot : Path.GetDirectoryName(Notebooks.FullPath(notebook))!;
        NotebookRun run = NotebookRunner.Run(notebook, directory);
        TestContext.WriteLine($"{notebook} from {from} ({directory}): {run.Elapsed.TotalSeconds:F1} s, dotnet-repl exit {run.Process.ExitCode}");
        string[] errors = run.Notebook.Errors.ToArray();
        Assert.AreEqual(0, errors.Length, $"{notebook} from {from}: cell errors:\n{string.Join("\n", errors)}");
        Assert.AreEqual(0, run.Process.ExitCode, run.Process.Transcript);
        Assert.AreEqual(Notebooks.CodeCells(notebook).Length, run.Notebook.Cells.Count, "every code cell ran");

        // The packages came from this run's feed, and .NET Interactive loaded the package's kernel extension.
        ExecutedCell setup = run.Notebook.Cells[0];
        string version = PackedFeed.Get().Version;
        StringAssert.Contains(setup.Text(), $"Microsoft.ML.XlmRoberta, {version}");
        StringAssert.Contains(setup.Text("text/plain").Replace('\\', '/'), $"microsoft.ml.xlmroberta/{version}/interactive-extensions/dotnet/Microsoft.ML.XlmRoberta.Interactive.dll");
        return run.Notebook;
    }

    private static int HiddenSize(string model)
    {
        using JsonDocument config = JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedFixtures.Model(model), "config.json")));
        return config.RootElement.GetProperty("hidden_size").GetInt32();
    }

    /// <summary>The <c>data</c> array Plotly.NET writes into its chart script.</summary>
    private static JsonElement PlotlyData(string html)
    {
        const string Marker = "var data = ";
        int start = html.IndexOf(Marker, StringComparison.Ordinal);
        Assert.IsTrue(start >= 0, "a Plotly chart");
        byte[] bytes = Encoding.UTF8.GetBytes(html[(start + Marker.Length)..]);
        var reader = new Utf8JsonReader(bytes);
        reader.Read();
        reader.Skip();
        return JsonDocument.Parse(bytes.AsMemory(0, (int)reader.BytesConsumed)).RootElement;
    }

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static int Count(string text, string part) => Regex.Count(text, Regex.Escape(part));

    [GeneratedRegex(@"trained on (\d+) rows, testing on (\d+)")]
    private static partial Regex SplitRegex();
}

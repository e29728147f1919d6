using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Heads;
using Microsoft.ML.XlmRoberta.Interactive;
using Microsoft.ML.XlmRoberta.Pooling;
using Microsoft.ML.XlmRoberta.TestSupport;
using Microsoft.ML.XlmRoberta.Tokenization;

namespace Microsoft.ML.XlmRoberta.Notebooks.Tests;

/// <summary>The kernel extension's HTML formatters, on the fixture models, without a kernel.</summary>
[TestClass]
public sealed class FormatterTests
{
    [ClassInitialize]
    public static void RegisterFormatters(TestContext _) => new XlmRobertaKernelExtension().OnLoadAsync(null!).GetAwaiter().GetResult();

    [TestMethod]
    public void AnEncodingIsATokenIdOffsetTable()
    {
        System.Text.Json.JsonElement reference = SharedFixtures.ReadJsonLines("fixtures/tokenizer/cases.jsonl")
            .First(c => c.GetProperty("text").GetString() == "Hello world!");
        XlmRobertaEncoding encoding = XlmRobertaTokenizer.FromModelFolder(SharedFixtures.Model("feature-extraction")).Encode("Hello world!");

        string html = encoding.ToDisplayString(HtmlFormatter.MimeType);
        HtmlTable table = HtmlTable.Single(html);
        CollectionAssert.AreEqual(reference.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32().ToString()).ToArray(), table.Column("id"));
        CollectionAssert.AreEqual(reference.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()).ToArray(), table.Column("token"));
        CollectionAssert.AreEqual(reference.GetProperty("offsets").EnumerateArray().Select(o => $"[{o[0].GetInt32()}, {o[1].GetInt32()})").ToArray(), table.Column("offset"));
    }

    [TestMethod]
    public void AnEmbeddingBatchIsItsShapeAndAPreview()
    {
        using XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(SharedFixtures.Model("feature-extraction"));
        EmbeddingResult[] batch = new XlmRobertaFeatureExtractor(encoder, new FeatureExtractionOptions { Normalize = true }).Embed(["Hello world!", "Привет, мир!", "你好"]);

        string html = batch.ToDisplayString(HtmlFormatter.MimeType);
        StringAssert.Contains(html, $"shape [3, {encoder.Config.HiddenSize}]");
        HtmlTable table = HtmlTable.Single(html);
        CollectionAssert.AreEqual(batch.Select(b => b.TokenCount.ToString()).ToArray(), table.Column("tokens"));
        CollectionAssert.AreEqual(new[] { "1.0000", "1.0000", "1.0000" }, table.Column("L2 norm"));
        string[] preview = table.Column("preview");
        Assert.AreEqual($"[{string.Join(", ", batch[0].Embedding.Take(EmbeddingFormatter.PreviewValues).Select(v => v.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture)))}, …]", preview[0]);
    }

    [TestMethod]
    public void ATokenClassificationResultIsHighlightedText()
    {
        using XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(SharedFixtures.Model("token-classification"));
        const string Text = "Angela Merkel besuchte Paris.";
        TokenClassificationResult result = new XlmRobertaTokenClassifier(encoder).Predict([Text], AggregationStrategy.Simple)[0];

        string html = result.ToDisplayString(HtmlFormatter.MimeType);
        Assert.IsTrue(result.Entities.Count > 0, "the fixture model finds entities in this text");
        Assert.AreEqual(result.Entities.Count, Regex.Count(html, "<mark "), "one mark per entity");
        Assert.AreEqual(result.Entities.Count, HtmlTable.Single(html).Rows.Count, "one table row per entity");

        // Without the labels, the highlighted paragraph reads as the text (rebuilt from the pieces).
        string paragraph = Regex.Match(html, "<div style=\"line-height:2\">(.*?)</div>", RegexOptions.Singleline).Groups[1].Value;
        string plain = System.Net.WebUtility.HtmlDecode(Regex.Replace(Regex.Replace(paragraph, "<sup.*?</sup>", ""), "<[^>]+>", ""));
        Assert.AreEqual(Text, plain);
        foreach (TokenEntity entity in result.Entities)
        {
            StringAssert.Contains(html, $"{entity.Label}</sup></mark>");
        }
    }

    [TestMethod]
    public void AFillMaskPredictionIsARankedTable()
    {
        System.Text.Json.JsonElement reference = SharedFixtures.ReadJsonLines("fixtures/e2e/fill-mask.jsonl")
            .First(r => r.GetProperty("text").GetString() == "The capital of France is <mask>.");
        using XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(SharedFixtures.Model("fill-mask"));
        MaskPrediction prediction = new XlmRobertaFillMask(encoder).Predict(["The capital of France is <mask>."], topK: 5)[0][0];

        HtmlTable table = HtmlTable.Single(prediction.ToDisplayString(HtmlFormatter.MimeType));
        CollectionAssert.AreEqual(new[] { "1", "2", "3", "4", "5" }, table.Column("rank"));
        CollectionAssert.AreEqual(reference.GetProperty("top5")[0].EnumerateArray().Select(t => t.GetProperty("token").GetString()).ToArray(), table.Column("token"));
    }
}

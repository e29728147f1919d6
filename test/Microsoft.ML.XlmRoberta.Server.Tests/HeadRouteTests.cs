using System.Text.Json;
using Microsoft.ML.XlmRoberta.Heads;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Server.Tests;

/// <summary>/predict (TEI), /ner and /fill-mask against Hugging Face's references and the library.</summary>
[TestClass]
public sealed class HeadRouteTests
{
    [TestMethod]
    public async Task PredictMatchesTheReferenceAndSortsLabelsByScore()
    {
        IReadOnlyList<JsonElement> cases = SharedFixtures.ReadJsonLines("fixtures/e2e/text-classification.jsonl");
        await using RunningServer server = await RunningServer.StartAsync("text-classification");
        string[] labels = [.. server.Encoder.Config.Labels];
        string[] texts = [.. cases.Select(c => c.GetProperty("text").GetString()!)];

        var batch = await server.PostAsync("predict", new { inputs = texts });
        var single = await server.PostAsync("predict", new { inputs = texts[0] });
        var raw = await server.PostAsync("predict", new { inputs = texts[0], raw_scores = true });

        Assert.AreEqual(texts.Length, batch.Body.GetArrayLength());
        for (int i = 0; i < texts.Length; i++)
        {
            JsonElement scores = batch.Body[i];
            Assert.AreEqual(cases[i].GetProperty("label").GetString(), scores[0].GetProperty("label").GetString(), $"case {i} top label");
            float[] probs = Vectors.Floats(cases[i].GetProperty("probs"));
            float[] byLabel = new float[labels.Length];
            for (int k = 0; k < scores.GetArrayLength(); k++)
            {
                byLabel[Array.IndexOf(labels, scores[k].GetProperty("label").GetString()!)] = scores[k].GetProperty("score").GetSingle();
                Assert.IsTrue(k == 0 || scores[k].GetProperty("score").GetSingle() <= scores[k - 1].GetProperty("score").GetSingle(), $"case {i} sorted");
            }

            Vectors.AssertClose(probs, byLabel, Vectors.ReferenceTolerance, $"case {i} probs");
        }

        Assert.AreEqual(JsonValueKind.Object, single.Body[0].ValueKind, "a single input answers one list, not a list of lists");
        float[] logits = Vectors.Floats(cases[0].GetProperty("logits"));
        Assert.AreEqual(logits.Max(), raw.Body[0].GetProperty("score").GetSingle(), Vectors.ReferenceTolerance);
    }

    [TestMethod]
    public async Task PredictTakesPairsAsTheLibraryDoes()
    {
        await using RunningServer server = await RunningServer.StartAsync("text-classification");
        ClassificationResult[] expected = new XlmRobertaSequenceClassifier(server.Encoder).ClassifyPairs([("A man is eating.", "Someone eats."), ("Paris", "France")]);

        var pair = await server.PostAsync("predict", new { inputs = new[] { "A man is eating.", "Someone eats." } });
        var batch = await server.PostAsync("predict", new { inputs = new object[] { new[] { "A man is eating.", "Someone eats." }, new[] { "Paris", "France" }, "Paris" } });

        Assert.AreEqual(expected[0].Label, pair.Body[0].GetProperty("label").GetString());
        Assert.AreEqual(expected[0].Score, pair.Body[0].GetProperty("score").GetSingle(), Vectors.LibraryTolerance);
        Assert.AreEqual(3, batch.Body.GetArrayLength());
        Assert.AreEqual(expected[1].Label, batch.Body[1][0].GetProperty("label").GetString());
        Assert.AreEqual(expected[1].Score, batch.Body[1][0].GetProperty("score").GetSingle(), Vectors.LibraryTolerance);
    }

    [TestMethod]
    public async Task NerAnswersWhatTheLibraryGivesPerTokenAndEntity()
    {
        IReadOnlyList<JsonElement> cases = SharedFixtures.ReadJsonLines("fixtures/e2e/token-classification.jsonl");
        await using RunningServer server = await RunningServer.StartAsync("token-classification");
        string[] texts = [.. cases.Take(20).Select(c => c.GetProperty("text").GetString()!)];
        TokenClassificationResult[] expected = new XlmRobertaTokenClassifier(server.Encoder).Predict(texts, AggregationStrategy.Simple);

        var none = await server.PostAsync("ner", new { inputs = texts, aggregation_strategy = "none" });
        var simple = await server.PostAsync("ner", new { inputs = texts });
        var bad = await server.PostAsync("ner", new { inputs = texts, aggregation_strategy = "median" });

        for (int i = 0; i < texts.Length; i++)
        {
            string[] referenceLabels = [.. cases[i].GetProperty("labels").EnumerateArray().Select(e => e.GetString()!)];
            string[] tokenLabels = [.. none.Body[i].GetProperty("tokens").EnumerateArray().Select(t => t.GetProperty("label").GetString()!)];
            CollectionAssert.AreEqual(referenceLabels, tokenLabels, $"case {i} token labels");
            JsonElement entities = simple.Body[i].GetProperty("entities");
            Assert.AreEqual(expected[i].Entities.Count, entities.GetArrayLength(), $"case {i} entities");
            for (int e = 0; e < entities.GetArrayLength(); e++)
            {
                TokenEntity entity = expected[i].Entities[e];
                Assert.AreEqual(entity.Label, entities[e].GetProperty("label").GetString());
                Assert.AreEqual(entity.Start, entities[e].GetProperty("start").GetInt32());
                Assert.AreEqual(texts[i][entity.Start..entity.End], entities[e].GetProperty("text").GetString());
                Assert.AreEqual(entity.Score, entities[e].GetProperty("score").GetSingle(), Vectors.LibraryTolerance);
            }
        }

        Assert.AreEqual(422, bad.Status);
    }

    [TestMethod]
    public async Task FillMaskMatchesTheReferenceTopK()
    {
        IReadOnlyList<JsonElement> cases = SharedFixtures.ReadJsonLines("fixtures/e2e/fill-mask.jsonl");
        await using RunningServer server = await RunningServer.StartAsync("fill-mask");
        string[] texts = [.. cases.Select(c => c.GetProperty("text").GetString()!)];

        var five = await server.PostAsync("fill-mask", new { inputs = texts });
        var two = await server.PostAsync("fill-mask", new { inputs = texts[0], top_k = 2 });
        var noMask = await server.PostAsync("fill-mask", new { inputs = "no mask here" });

        for (int i = 0; i < texts.Length; i++)
        {
            JsonElement masks = five.Body[i].GetProperty("masks");
            JsonElement reference = cases[i].GetProperty("top5");
            Assert.AreEqual(reference.GetArrayLength(), masks.GetArrayLength(), $"case {i} masks");
            for (int m = 0; m < masks.GetArrayLength(); m++)
            {
                CollectionAssert.AreEqual(
                    reference[m].EnumerateArray().Select(c => c.GetProperty("id").GetInt32()).ToArray(),
                    masks[m].EnumerateArray().Select(c => c.GetProperty("id").GetInt32()).ToArray(), $"case {i} mask {m}");
                Assert.AreEqual(reference[m][0].GetProperty("prob").GetSingle(), masks[m][0].GetProperty("score").GetSingle(), Vectors.ReferenceTolerance);
            }
        }

        CollectionAssert.AreEqual(
            five.Body[0].GetProperty("masks")[0].EnumerateArray().Take(2).Select(c => c.GetProperty("id").GetInt32()).ToArray(),
            two.Body[0].GetProperty("masks")[0].EnumerateArray().Select(c => c.GetProperty("id").GetInt32()).ToArray());
        Assert.AreEqual(422, noMask.Status);
    }
}

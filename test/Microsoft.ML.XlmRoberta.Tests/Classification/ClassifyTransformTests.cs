using System.Text.Json;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Heads;
using Microsoft.ML.XlmRoberta.Tests.TestData;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Tests.Classification;

[TestClass]
public sealed class ClassifyTransformTests
{
    [TestMethod]
    public void SequenceClassificationMatchesTheFixture()
    {
        IReadOnlyList<JsonElement> cases = Fixtures.EndToEnd("text-classification");
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(cases.Select(c => new TextRow { Text = c.GetProperty("text").GetString()! }));
        IDataView output = ml.Transforms.Text.ClassifyXlmRoberta("PredictedLabel", "Text", Fixtures.TextClassificationModel).Fit(data).Transform(data);
        float[][] logits = output.GetColumn<float[]>("Logits").ToArray();
        float[][] scores = output.GetColumn<float[]>("Score").ToArray();
        string[] labels = output.GetColumn<string>("PredictedLabel").ToArray();
        for (int i = 0; i < cases.Count; i++)
        {
            Fixtures.AssertClose(Fixtures.Floats(cases[i].GetProperty("logits")), logits[i], 1e-4f, $"logits of case {i}");
            Fixtures.AssertClose(Fixtures.Floats(cases[i].GetProperty("probs")), scores[i], 1e-4f, $"probs of case {i}");
            Assert.AreEqual(cases[i].GetProperty("label").GetString(), labels[i], $"label of case {i}");
        }
    }

    [TestMethod]
    public void PairClassificationEqualsTheCoreEngine()
    {
        JsonElement[] pairs = [.. SharedFixtures.ReadJsonLines("fixtures/tokenizer/pairs.jsonl").Where(p => p.GetProperty("max_length").ValueKind == JsonValueKind.Null)];
        var rows = pairs.Select(p => new PairRow { Text = p.GetProperty("text").GetString()!, Pair = p.GetProperty("text_pair").GetString()! }).ToArray();
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        float[][] logits = ml.Transforms.Text.ClassifyXlmRoberta(new ClassifyXlmRobertaOptions
        {
            ModelFolder = Fixtures.TextClassificationModel,
            TextPairColumnName = "Pair",
            ScoreColumnName = null,
            PredictedLabelColumnName = null,
        }).Fit(data).Transform(data).GetColumn<float[]>("Logits").ToArray();

        using var encoder = XlmRobertaEncoder.Load(Fixtures.TextClassificationModel);
        ClassificationResult[] expected = new XlmRobertaSequenceClassifier(encoder).ClassifyPairs(rows.Select(r => (r.Text, r.Pair)).ToArray());
        for (int i = 0; i < rows.Length; i++)
        {
            Fixtures.AssertClose(expected[i].Logits, logits[i], 1e-5f, $"pair {i}");
        }
    }

    [TestMethod]
    public void TokenLabelsMatchTheFixtureAndOffsetsMatchTheTokenizerFixture()
    {
        IReadOnlyList<JsonElement> cases = Fixtures.EndToEnd("token-classification");
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(cases.Select(c => new TextRow { Text = c.GetProperty("text").GetString()! }));
        string[][] labels = ml.Transforms.Text.ClassifyTokensXlmRoberta("TokenLabels", "Text", Fixtures.TokenClassificationModel)
            .Fit(data).Transform(data).GetColumn<string[]>("TokenLabels").ToArray();
        for (int i = 0; i < cases.Count; i++)
        {
            CollectionAssert.AreEqual(cases[i].GetProperty("labels").EnumerateArray().Select(v => v.GetString()).ToArray(), labels[i], $"labels of case {i}");
        }

        JsonElement[] corpus = [.. Fixtures.Cases().Where((_, i) => i % 7 == 0)];
        IDataView texts = ml.Data.LoadFromEnumerable(corpus.Select(c => new TextRow { Text = c.GetProperty("text").GetString()! }));
        IDataView tokens = ml.Transforms.Text.ClassifyTokensXlmRoberta("TokenLabels", "Text", Fixtures.TokenClassificationModel).Fit(texts).Transform(texts);
        int[][] starts = tokens.GetColumn<int[]>("TokenStarts").ToArray();
        int[][] ends = tokens.GetColumn<int[]>("TokenEnds").ToArray();
        string[][] pieces = tokens.GetColumn<string[]>("Tokens").ToArray();
        for (int i = 0; i < corpus.Length; i++)
        {
            JsonElement[] offsets = [.. corpus[i].GetProperty("offsets").EnumerateArray()];
            CollectionAssert.AreEqual(offsets.Select(o => o[0].GetInt32()).ToArray(), starts[i], $"starts of corpus case {i}");
            CollectionAssert.AreEqual(offsets.Select(o => o[1].GetInt32()).ToArray(), ends[i], $"ends of corpus case {i}");
            CollectionAssert.AreEqual(corpus[i].GetProperty("tokens").EnumerateArray().Select(v => v.GetString()).ToArray(), pieces[i], $"tokens of corpus case {i}");
        }
    }
}

using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Pooling;
using Microsoft.ML.XlmRoberta.Tests.TestData;

namespace Microsoft.ML.XlmRoberta.Tests.DataView;

[TestClass]
public sealed class PredictionEngineTests
{
    private static string[] Texts() => Fixtures.Cases().Select(c => c.GetProperty("text").GetString()!).Where((_, i) => i % 29 == 0).ToArray();

    private static float[][] Reference(string[] texts)
    {
        using var encoder = XlmRobertaEncoder.Load(Fixtures.FeatureExtractionModel);
        return new XlmRobertaFeatureExtractor(encoder).Embed(texts).Select(r => r.Embedding).ToArray();
    }

    [TestMethod]
    public void PredictionEngineMatchesTheCoreEngine()
    {
        string[] texts = Texts();
        float[][] expected = Reference(texts);
        var ml = new MLContext(seed: 1);
        var transformer = ml.Transforms.Text.EmbedXlmRoberta("Features", "Text", Fixtures.FeatureExtractionModel)
            .Fit(ml.Data.LoadFromEnumerable(Array.Empty<TextRow>()));
        using var engine = ml.Model.CreatePredictionEngine<TextRow, EmbeddingRow>(transformer);
        for (int i = 0; i < texts.Length; i++)
        {
            Fixtures.AssertClose(expected[i], engine.Predict(new TextRow { Text = texts[i] }).Features, 1e-5f, $"text {i}");
        }
    }

    [TestMethod]
    public void OneTransformerServesSeveralThreads()
    {
        string[] texts = Texts();
        float[][] expected = Reference(texts);
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(texts.Select(t => new TextRow { Text = t }));
        var transformer = ml.Transforms.Text.EmbedXlmRoberta(new EmbedXlmRobertaOptions
        {
            ModelFolder = Fixtures.FeatureExtractionModel,
            ReadAheadRows = 7,
        }).Fit(data);
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        Parallel.For(0, 6, new ParallelOptions { MaxDegreeOfParallelism = 6 }, worker =>
        {
            if (worker % 2 == 0)
            {
                // A prediction engine disposes its transformer unless told it does not own it (ML.NET 5).
                using var engine = ml.Model.CreatePredictionEngine<TextRow, EmbeddingRow>(transformer, new PredictionEngineOptions { OwnsTransformer = false });
                for (int i = worker; i < texts.Length; i += 3)
                {
                    Check(expected[i], engine.Predict(new TextRow { Text = texts[i] }).Features, $"engine {worker} text {i}");
                }
            }
            else
            {
                float[][] all = transformer.Transform(data).GetColumn<float[]>("Features").ToArray();
                for (int i = 0; i < texts.Length; i++)
                {
                    Check(expected[i], all[i], $"cursor {worker} text {i}");
                }
            }
        });
        Assert.IsEmpty(failures, string.Join("\n", failures));

        void Check(float[] want, float[] got, string what)
        {
            for (int d = 0; d < want.Length; d++)
            {
                if (Math.Abs(want[d] - got[d]) > 1e-5f)
                {
                    failures.Enqueue($"{what}[{d}]: {want[d]} vs {got[d]}");
                    return;
                }
            }
        }
    }

    [TestMethod]
    public void ShuffledCursorsKeepRowsAndValuesTogether()
    {
        string[] texts = Texts();
        float[][] expected = Reference(texts);
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(texts.Select((t, i) => new TextRow { Text = t, Label = i.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        IDataView cached = ml.Data.Cache(data);
        IDataView output = ml.Transforms.Text.EmbedXlmRoberta(new EmbedXlmRobertaOptions
        {
            ModelFolder = Fixtures.FeatureExtractionModel,
            ReadAheadRows = 5,
        }).Fit(cached).Transform(cached);
        using DataViewRowCursor cursor = output.GetRowCursor(output.Schema, new Random(42));
        var label = cursor.GetGetter<ReadOnlyMemory<char>>(output.Schema["Label"]);
        var features = cursor.GetGetter<Microsoft.ML.Data.VBuffer<float>>(output.Schema["Features"]);
        ReadOnlyMemory<char> l = default;
        Microsoft.ML.Data.VBuffer<float> f = default;
        var order = new List<int>();
        while (cursor.MoveNext())
        {
            label(ref l);
            features(ref f);
            int i = int.Parse(l.Span, provider: System.Globalization.CultureInfo.InvariantCulture);
            order.Add(i);
            Fixtures.AssertClose(expected[i], f.DenseValues().ToArray(), 1e-5f, $"row {i}");
        }

        Assert.HasCount(texts.Length, order);
        CollectionAssert.AreNotEqual(Enumerable.Range(0, texts.Length).ToArray(), order.ToArray(), "the cursor was shuffled");
    }

    private sealed class ClassificationRow
    {
        public float[] Logits { get; set; } = [];

        public float[] Score { get; set; } = [];

        public string PredictedLabel { get; set; } = "";
    }

    [TestMethod]
    public void PredictionEngineClassifiesPairsLikeTheCoreEngine()
    {
        var ml = new MLContext(seed: 1);
        var transformer = ml.Transforms.Text.ClassifyXlmRoberta("PredictedLabel", "Text", Fixtures.TextClassificationModel, "Pair")
            .Fit(ml.Data.LoadFromEnumerable(Array.Empty<PairRow>()));
        using var engine = ml.Model.CreatePredictionEngine<PairRow, ClassificationRow>(transformer);
        using var encoder = XlmRobertaEncoder.Load(Fixtures.TextClassificationModel);
        var classifier = new Heads.XlmRobertaSequenceClassifier(encoder);
        (string, string)[] pairs = [("A man is playing a guitar.", "Someone is making music."), ("", ""), ("Привет", "Hello")];
        foreach ((string text, string pair) in pairs)
        {
            ClassificationRow got = engine.Predict(new PairRow { Text = text, Pair = pair });
            Heads.ClassificationResult want = classifier.ClassifyPairs([(text, pair)])[0];
            Fixtures.AssertClose(want.Logits, got.Logits, 1e-5f, $"logits of ({text}, {pair})");
            Fixtures.AssertClose(want.Probabilities, got.Score, 1e-5f, $"scores of ({text}, {pair})");
            Assert.AreEqual(want.Label, got.PredictedLabel);
        }
    }
}

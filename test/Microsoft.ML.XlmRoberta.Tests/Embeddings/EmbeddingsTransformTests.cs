using System.Text.Json;
using Microsoft.ML.Data;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Pooling;
using Microsoft.ML.XlmRoberta.Tests.TestData;

namespace Microsoft.ML.XlmRoberta.Tests.Embeddings;

[TestClass]
public sealed class EmbeddingsTransformTests
{
    [TestMethod]
    public void EmbeddingsColumnMatchesHuggingFaceFixtures()
    {
        IReadOnlyList<JsonElement> cases = Fixtures.EndToEnd("feature-extraction");
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(cases.Select(c => new TextRow { Text = c.GetProperty("text").GetString()! }));
        foreach ((bool normalize, PoolingMode pooling, string field) in new[]
        {
            (false, PoolingMode.Mean, "mean"), (true, PoolingMode.Mean, "mean_l2"), (false, PoolingMode.Cls, "cls"), (true, PoolingMode.Cls, "cls_l2"),
        })
        {
            var options = new EmbedXlmRobertaOptions
            {
                ModelFolder = Fixtures.FeatureExtractionModel,
                InputColumnName = "Text",
                Pooling = pooling,
                Normalize = normalize,
                ReadAheadRows = 16,
            };
            IDataView output = ml.Transforms.Text.EmbedXlmRoberta(options).Fit(data).Transform(data);
            Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 32), output.Schema["Features"].Type);
            float[][] vectors = output.GetColumn<float[]>("Features").ToArray();
            Assert.HasCount(cases.Count, vectors);
            for (int i = 0; i < cases.Count; i++)
            {
                Fixtures.AssertClose(Fixtures.Floats(cases[i].GetProperty(field)), vectors[i], 1e-4f, $"{field} of case {i}");
            }
        }
    }

    [TestMethod]
    public void EmbeddingsColumnEqualsCoreEngineOnCorpus()
    {
        string[] texts = Fixtures.Cases().Select(c => c.GetProperty("text").GetString()!).Take(300).ToArray();
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(texts.Select(t => new TextRow { Text = t }));
        var transformer = ml.Transforms.Text.EmbedXlmRoberta("Embedding", "Text", Fixtures.FeatureExtractionModel).Fit(data);
        float[][] actual = transformer.Transform(data).GetColumn<float[]>("Embedding").ToArray();

        using var encoder = XlmRobertaEncoder.Load(Fixtures.FeatureExtractionModel);
        EmbeddingResult[] expected = new XlmRobertaFeatureExtractor(encoder).Embed(texts);
        for (int i = 0; i < texts.Length; i++)
        {
            Fixtures.AssertClose(expected[i].Embedding, actual[i], 1e-5f, $"text {i}");
        }
    }

    [TestMethod]
    public void MissingAndEmptyTextGiveTheEmptyStringEmbedding()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(new[] { new TextRow { Text = "" }, new TextRow { Text = null! }, new TextRow { Text = "   " } });
        float[][] actual = ml.Transforms.Text.EmbedXlmRoberta("Features", "Text", Fixtures.FeatureExtractionModel)
            .Fit(data).Transform(data).GetColumn<float[]>("Features").ToArray();

        using var encoder = XlmRobertaEncoder.Load(Fixtures.FeatureExtractionModel);
        float[] empty = new XlmRobertaFeatureExtractor(encoder).Embed([""])[0].Embedding;
        for (int i = 0; i < actual.Length; i++)
        {
            Fixtures.AssertClose(empty, actual[i], 1e-5f, $"row {i}");
        }
    }

    [TestMethod]
    public void CursorsRunTheModelInBatchesAndOnlyForRequestedColumns()
    {
        string[] texts = Fixtures.Cases().Select(c => c.GetProperty("text").GetString()!).Take(100).ToArray();
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(texts.Select(t => new TextRow { Text = t, Label = "x" }));
        var options = new EmbedXlmRobertaOptions { ModelFolder = Fixtures.FeatureExtractionModel, Encoder = new() { MaxBatchSize = 16, IntraOpThreads = 1 }, ReadAheadRows = 40 };
        using EmbedXlmRobertaTransformer transformer = ml.Transforms.Text.EmbedXlmRoberta(options).Fit(data);
        IDataView output = transformer.Transform(data);
        XlmRobertaEncoder encoder = transformer.Encoder;

        EncoderStatistics before = encoder.Statistics;
        Assert.HasCount(100, output.GetColumn<string>("Label").ToArray());
        Assert.AreEqual(before.Sequences, encoder.Statistics.Sequences, "reading only Label must not run the model");

        Assert.HasCount(100, output.GetColumn<float[]>("Features").ToArray());
        EncoderStatistics after = encoder.Statistics;
        Assert.AreEqual(100, after.Sequences - before.Sequences, "each row encoded once");
        long batches = after.Batches - before.Batches;
        Assert.IsTrue(batches is >= 7 and <= 12, $"100 rows read 40 ahead in ONNX batches of at most 16 take 7 to 12 runs, not {batches}");
    }

    [TestMethod]
    public void MaxSequenceLengthTruncatesLikeTheCoreEngine()
    {
        string[] texts = Fixtures.Cases().Select(c => c.GetProperty("text").GetString()!).Where(t => t.Length > 60).Take(20).ToArray();
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(texts.Select(t => new TextRow { Text = t }));
        float[][] actual = ml.Transforms.Text.EmbedXlmRoberta(new EmbedXlmRobertaOptions
        {
            ModelFolder = Fixtures.FeatureExtractionModel,
            Encoder = new() { MaxSequenceLength = 8 },
        }).Fit(data).Transform(data).GetColumn<float[]>("Features").ToArray();

        using var shortEncoder = XlmRobertaEncoder.Load(Fixtures.FeatureExtractionModel, new XlmRobertaEncoderOptions { MaxSequenceLength = 8 });
        using var fullEncoder = XlmRobertaEncoder.Load(Fixtures.FeatureExtractionModel);
        EmbeddingResult[] truncated = new XlmRobertaFeatureExtractor(shortEncoder).Embed(texts);
        EmbeddingResult[] full = new XlmRobertaFeatureExtractor(fullEncoder).Embed(texts);
        for (int i = 0; i < texts.Length; i++)
        {
            Assert.AreEqual(8, truncated[i].TokenCount, $"text {i} is longer than 8 tokens");
            Fixtures.AssertClose(truncated[i].Embedding, actual[i], 1e-5f, $"text {i}");
            Assert.IsTrue(full[i].Embedding.Zip(actual[i]).Any(p => Math.Abs(p.First - p.Second) > 1e-3f), $"text {i} was truncated");
        }
    }
}

using Microsoft.ML.XlmRoberta.DataView;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Tests.TestData;

namespace Microsoft.ML.XlmRoberta.Tests.DataView;

[TestClass]
public sealed class DisposalTests
{
    private static IDataView Data(MLContext ml, int rows) =>
        ml.Data.LoadFromEnumerable(Fixtures.Cases().Select(c => new TextRow { Text = c.GetProperty("text").GetString()! }).Take(rows).ToArray());

    [TestMethod]
    public void LiveCursorsAndPredictionEnginesThrowObjectDisposedAfterDispose()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = Data(ml, 30);
        EmbedXlmRobertaTransformer transformer = ml.Transforms.Text.EmbedXlmRoberta(new EmbedXlmRobertaOptions
        {
            ModelFolder = Fixtures.FeatureExtractionModel,
            ReadAheadRows = 4,
        }).Fit(data);
        IDataView output = transformer.Transform(data);
        using DataViewRowCursor cursor = output.GetRowCursor(output.Schema);
        Assert.IsTrue(cursor.MoveNext());
        using var engine = ml.Model.CreatePredictionEngine<TextRow, EmbeddingRow>(transformer, new PredictionEngineOptions { OwnsTransformer = false });
        Assert.HasCount(transformer.Dimension, engine.Predict(new TextRow { Text = "Hello world!" }).Features);
        XlmRobertaEncoder encoder = transformer.Encoder;

        transformer.Dispose();
        transformer.Dispose();

        Assert.ThrowsExactly<ObjectDisposedException>(() => cursor.MoveNext());
        Assert.ThrowsExactly<ObjectDisposedException>(() => engine.Predict(new TextRow { Text = "Bonjour" }));
        Assert.ThrowsExactly<ObjectDisposedException>(() => transformer.Transform(data));
        Assert.ThrowsExactly<ObjectDisposedException>(() => transformer.GetRowToRowMapper(data.Schema));
        Assert.ThrowsExactly<ObjectDisposedException>(() => output.GetColumn<float[]>("Features").ToArray());
        Assert.ThrowsExactly<ObjectDisposedException>(() => encoder.GetOutputs([[0, 2]]), "the session itself was released");
        Assert.HasCount(30, output.GetColumn<string>("Text").ToArray(), "reading only input columns needs no model");
    }

    [TestMethod]
    public void DisposingTheFittedChainOrAnOwningPredictionEngineDisposesTheTransformer()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = Data(ml, 3);
        var chain = ml.Transforms.Text.TokenizeXlmRoberta("input_ids", "Text", Fixtures.FeatureExtractionModel)
            .Append(ml.Transforms.Text.EmbedXlmRoberta("Features", "Text", Fixtures.FeatureExtractionModel))
            .Fit(data);
        EmbedXlmRobertaTransformer embed = chain.LastTransformer;
        chain.Dispose();
        Assert.ThrowsExactly<ObjectDisposedException>(() => embed.Transform(data));

        // ML.NET's default: a prediction engine owns (and disposes) its transformer.
        EmbedXlmRobertaTransformer owned = ml.Transforms.Text.EmbedXlmRoberta("Features", "Text", Fixtures.FeatureExtractionModel).Fit(data);
        using (var engine = ml.Model.CreatePredictionEngine<TextRow, EmbeddingRow>(owned))
        {
            Assert.HasCount(owned.Dimension, engine.Predict(new TextRow { Text = "x" }).Features);
        }

        Assert.ThrowsExactly<ObjectDisposedException>(() => owned.Transform(data));
    }

    [TestMethod]
    public void DisposeWaitsForTheComputationInFlight()
    {
        var guard = new DisposalGuard("test transformer");
        guard.Enter();
        Task<bool> closing = Task.Run(guard.Close);
        Assert.IsFalse(closing.Wait(TimeSpan.FromMilliseconds(300)), "Close must wait while a computation runs");
        Assert.ThrowsExactly<ObjectDisposedException>(guard.Enter, "no new computation starts once closing");
        guard.Exit();
        Assert.IsTrue(closing.Wait(TimeSpan.FromSeconds(10)), "Close returns when the computation ends");
        Assert.IsTrue(closing.Result);
        Assert.IsFalse(guard.Close(), "a second Close does nothing");
    }

    [TestMethod]
    public void EncoderOptionsReachTheTransformersSessionAndOptionsAreCopied()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = Data(ml, 3);
        var options = new EmbedXlmRobertaOptions
        {
            ModelFolder = Fixtures.FeatureExtractionModel,
            OutputColumnName = "Vector",
            Encoder = new XlmRobertaEncoderOptions { MaxBatchSize = 5, MaxTokensPerBatch = 300, IntraOpThreads = 1, LongInputMode = LongInputMode.SlidingWindow },
        };
        var estimator = ml.Transforms.Text.EmbedXlmRoberta(options);
        options.OutputColumnName = "Changed";
        options.Encoder = new XlmRobertaEncoderOptions { MaxBatchSize = 7 };
        using EmbedXlmRobertaTransformer transformer = estimator.Fit(data);
        CollectionAssert.AreEqual(new[] { "Vector" }, transformer.OutputColumnNames.ToArray(), "the estimator keeps a copy of the options");
        XlmRobertaEncoderOptions used = transformer.Encoder.Options;
        Assert.AreEqual(5, used.MaxBatchSize);
        Assert.AreEqual(300, used.MaxTokensPerBatch);
        Assert.AreEqual(1, used.IntraOpThreads);
        Assert.AreEqual(LongInputMode.SlidingWindow, used.LongInputMode);
    }

    [TestMethod]
    public void EstimatorSchemaReadsTheConfigurationWithoutLoadingTheOnnxModel()
    {
        string copy = Path.Combine(Path.GetTempPath(), $"xlmr-broken-onnx-{Guid.NewGuid():N}");
        foreach (string file in Directory.GetFiles(Fixtures.FeatureExtractionModel, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(copy, Path.GetRelativePath(Fixtures.FeatureExtractionModel, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        try
        {
            File.WriteAllText(Path.Combine(copy, "onnx", "model.onnx"), "not an ONNX graph");
            var ml = new MLContext(seed: 1);
            IDataView data = Data(ml, 1);
            var estimator = ml.Transforms.Text.EmbedXlmRoberta("Features", "Text", copy);
            SchemaShape shape = estimator.GetOutputSchema(SchemaShapes.Append(new SchemaShape([]), [new OutputColumn("Text", OutputKind.Text)]));
            Assert.IsTrue(shape.Any(c => c.Name == "Features" && c.Kind == SchemaShape.Column.VectorKind.Vector), "the shape comes from config.json");
            Assert.ThrowsExactly<ModelFolder.XlmRobertaModelException>(() => estimator.Fit(data), "Fit loads the session");
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }
}

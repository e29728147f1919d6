using System.Text.Json;
using Microsoft.ML.Data;
using Microsoft.ML.XlmRoberta.DataView;
using Microsoft.ML.XlmRoberta.Tests.TestData;

namespace Microsoft.ML.XlmRoberta.Tests.MultipleChoice;

/// <summary><c>ChooseXlmRoberta</c> against e2e/multiple-choice.jsonl: transform, PredictionEngine, save and load.</summary>
[TestClass]
public sealed class ChooseTransformTests
{
    private static string Model => Microsoft.ML.XlmRoberta.TestSupport.SharedFixtures.Model("multiple-choice");

    private static IReadOnlyList<JsonElement> Cases => Fixtures.EndToEnd("multiple-choice");

    [TestMethod]
    public void EveryCaseMatchesTheFixture()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(Cases.Select(Row));
        IDataView output = ml.Transforms.Text.ChooseXlmRoberta(new ChooseXlmRobertaOptions { ModelFolder = Model, ReadAheadRows = 5 })
            .Fit(data).Transform(data);
        float[][] logits = output.GetColumn<float[]>("Logits").ToArray();
        float[][] scores = output.GetColumn<float[]>("Score").ToArray();
        int[] labels = output.GetColumn<int>("PredictedIndex").ToArray();
        for (int i = 0; i < Cases.Count; i++)
        {
            Fixtures.AssertClose(Fixtures.Floats(Cases[i].GetProperty("logits")), logits[i], 1e-4f, $"logits of case {i}");
            Fixtures.AssertClose(Fixtures.Floats(Cases[i].GetProperty("probs")), scores[i], 1e-4f, $"probs of case {i}");
            Assert.AreEqual(Cases[i].GetProperty("label").GetInt32(), labels[i], $"label of case {i}");
        }
    }

    [TestMethod]
    public void PredictionEngineMatchesTheFixture()
    {
        var ml = new MLContext(seed: 1);
        var transformer = ml.Transforms.Text.ChooseXlmRoberta("PredictedIndex", "Prompt", "Choices", Model)
            .Fit(ml.Data.LoadFromEnumerable(Array.Empty<ChoiceRow>()));
        using var engine = ml.Model.CreatePredictionEngine<ChoiceRow, ChoicePrediction>(transformer);
        foreach (JsonElement c in Cases.Take(6))
        {
            ChoicePrediction prediction = engine.Predict(Row(c));
            Assert.AreEqual(c.GetProperty("label").GetInt32(), prediction.PredictedIndex);
            Fixtures.AssertClose(Fixtures.Floats(c.GetProperty("probs")), prediction.Score, 1e-4f, "probs");
        }
    }

    [TestMethod]
    public void SavedPipelineLoadsAndChoosesTheSame()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(Cases.Select(Row));
        ITransformer model = ml.Transforms.Text.ChooseXlmRoberta("PredictedIndex", "Prompt", "Choices", Model).Fit(data);
        string path = Path.Combine(Path.GetTempPath(), $"xlmr-mc-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            ITransformer loaded = new MLContext(seed: 2).Model.Load(path, out _);
            IDataView again = loaded.Transform(data);
            float[][] logits = again.GetColumn<float[]>("Logits").ToArray();
            int[] labels = again.GetColumn<int>("PredictedIndex").ToArray();
            for (int i = 0; i < Cases.Count; i++)
            {
                Fixtures.AssertClose(Fixtures.Floats(Cases[i].GetProperty("logits")), logits[i], 1e-4f, $"loaded logits of case {i}");
                Assert.AreEqual(Cases[i].GetProperty("label").GetInt32(), labels[i], $"loaded label of case {i}");
            }

            (loaded as IDisposable)?.Dispose();
        }
        finally
        {
            File.Delete(path);
        }

        (model as IDisposable)?.Dispose();
    }

    [TestMethod]
    public void FixedSizeChoicesColumnWorksLiveAndAfterLoading()
    {
        JsonElement[] cases = [.. Cases.Where(c => c.GetProperty("choices").GetArrayLength() == 3)];
        Assert.IsNotEmpty(cases);
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(cases.Select(c => new FixedChoiceRow { Prompt = Row(c).Prompt, Choices = Row(c).Choices }));
        Assert.AreEqual(3, ((VectorDataViewType)data.Schema["Choices"].Type).Size);
        ITransformer model = ml.Transforms.Text.ChooseXlmRoberta("PredictedIndex", "Prompt", "Choices", Model).Fit(data);
        string path = Path.Combine(Path.GetTempPath(), $"xlmr-mc-fixed-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            ITransformer loaded = new MLContext(seed: 2).Model.Load(path, out _);
            foreach (IDataView output in new[] { model.Transform(data), loaded.Transform(data) })
            {
                float[][] logits = output.GetColumn<float[]>("Logits").ToArray();
                for (int i = 0; i < cases.Length; i++)
                {
                    Fixtures.AssertClose(Fixtures.Floats(cases[i].GetProperty("logits")), logits[i], 1e-4f, $"logits of case {i}");
                }
            }

            (loaded as IDisposable)?.Dispose();
        }
        finally
        {
            File.Delete(path);
        }

        (model as IDisposable)?.Dispose();
    }

    [TestMethod]
    public void ScalarChoicesColumnIsRefused()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(new[] { new PairRow { Text = "p", Pair = "one" } });
        XlmRobertaColumnException e = Assert.ThrowsExactly<XlmRobertaColumnException>(() => ml.Transforms.Text.ChooseXlmRoberta("Index", "Text", "Pair", Model).Fit(data));
        StringAssert.Contains(e.Message, "vector of text");
        SchemaShape scalar = SchemaShapes.Append(new SchemaShape([]), [new OutputColumn("Text", OutputKind.Text), new OutputColumn("Pair", OutputKind.Text)]);
        Assert.ThrowsExactly<XlmRobertaColumnException>(() => ml.Transforms.Text.ChooseXlmRoberta("Index", "Text", "Pair", Model).GetOutputSchema(scalar));
        SchemaShape vector = SchemaShapes.Append(new SchemaShape([]), [new OutputColumn("Text", OutputKind.Text), new OutputColumn("Pair", OutputKind.TextVector)]);
        SchemaShape shape = ml.Transforms.Text.ChooseXlmRoberta("Index", "Text", "Pair", Model).GetOutputSchema(vector);
        SchemaShape.Column index = shape.Single(c => c.Name == "Index");
        Assert.AreEqual(NumberDataViewType.Int32, index.ItemType);
        Assert.AreEqual(SchemaShape.Column.VectorKind.Scalar, index.Kind);
    }

    private static ChoiceRow Row(JsonElement c) => new()
    {
        Prompt = c.GetProperty("prompt").GetString()!,
        Choices = [.. c.GetProperty("choices").EnumerateArray().Select(x => x.GetString()!)],
    };

    public sealed class ChoiceRow
    {
        public string Prompt { get; set; } = "";

        public string[] Choices { get; set; } = [];
    }

    public sealed class FixedChoiceRow
    {
        public string Prompt { get; set; } = "";

        [VectorType(3)]
        public string[] Choices { get; set; } = [];
    }

    public sealed class ChoicePrediction
    {
        public int PredictedIndex { get; set; }

        public float[] Score { get; set; } = [];
    }
}

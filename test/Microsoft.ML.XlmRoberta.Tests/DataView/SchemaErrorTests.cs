using Microsoft.ML.Data;
using Microsoft.ML.XlmRoberta.DataView;
using Microsoft.ML.XlmRoberta.Tests.TestData;

namespace Microsoft.ML.XlmRoberta.Tests.DataView;

[TestClass]
public sealed class SchemaErrorTests
{
    private sealed class NumberRow
    {
        public float Text { get; set; }
    }

    [TestMethod]
    public void MissingColumnFailsAtFitNamingTheColumnBeforeLoadingTheModel()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(new[] { new TextRow { Text = "x" } });
        string nowhere = Path.Combine(Path.GetTempPath(), "no-such-model-" + Guid.NewGuid().ToString("N"));
        var estimator = ml.Transforms.Text.EmbedXlmRoberta("Features", "Body", nowhere);
        var error = Assert.ThrowsExactly<XlmRobertaColumnException>(() => estimator.Fit(data));
        Assert.AreEqual("Body", error.ColumnName);
        Assert.Contains("'Body'", error.Message);
        Assert.ThrowsExactly<XlmRobertaColumnException>(() => estimator.GetOutputSchema(new SchemaShape([])));
    }

    [TestMethod]
    public void NonTextColumnFailsNamingTheColumnAndItsType()
    {
        var ml = new MLContext(seed: 1);
        IDataView numbers = ml.Data.LoadFromEnumerable(new[] { new NumberRow { Text = 1 } });
        var estimator = ml.Transforms.Text.EmbedXlmRoberta("Features", "Text", Fixtures.FeatureExtractionModel);
        var error = Assert.ThrowsExactly<XlmRobertaColumnException>(() => estimator.Fit(numbers));
        Assert.AreEqual("Text", error.ColumnName);
        Assert.Contains("Single", error.Message);

        SchemaShape vectorShape = SchemaShapes.Append(new SchemaShape([]), [new OutputColumn("Text", OutputKind.SingleVector, 4)]);
        error = Assert.ThrowsExactly<XlmRobertaColumnException>(() => estimator.GetOutputSchema(vectorShape));
        Assert.AreEqual("Text", error.ColumnName);
    }

    [TestMethod]
    public void FittedTransformerRejectsAWrongSchemaAtTransformAndPredictionEngine()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(new[] { new TextRow { Text = "x" } });
        XlmRobertaTransformer transformer = ml.Transforms.Text.EmbedXlmRoberta("Features", "Text", Fixtures.FeatureExtractionModel).Fit(data);
        IDataView numbers = ml.Data.LoadFromEnumerable(new[] { new NumberRow { Text = 1 } });
        Assert.ThrowsExactly<XlmRobertaColumnException>(() => transformer.Transform(numbers));
        Assert.ThrowsExactly<XlmRobertaColumnException>(() => transformer.GetOutputSchema(numbers.Schema));
        Assert.ThrowsExactly<XlmRobertaColumnException>(() => transformer.GetRowToRowMapper(numbers.Schema));
        Assert.Throws<Exception>(() => ml.Model.CreatePredictionEngine<NumberRow, EmbeddingRow>(transformer));
    }

    [TestMethod]
    public void PairColumnIsCheckedToo()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(new[] { new TextRow { Text = "x" } });
        var error = Assert.ThrowsExactly<XlmRobertaColumnException>(
            () => ml.Transforms.Text.ClassifyXlmRoberta("PredictedLabel", "Text", Fixtures.TextClassificationModel, "Hypothesis").Fit(data));
        Assert.AreEqual("Hypothesis", error.ColumnName);
    }

    [TestMethod]
    public void OutputSchemaIsPropagatedWithTypesAndSlotNames()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(new[] { new TextRow { Text = "x" } });
        var estimator = ml.Transforms.Text.ClassifyXlmRoberta("PredictedLabel", "Text", Fixtures.TextClassificationModel);
        DataViewSchema schema = estimator.Fit(data).GetOutputSchema(data.Schema);
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 3), schema["Score"].Type);
        Assert.AreEqual(TextDataViewType.Instance, schema["PredictedLabel"].Type);
        VBuffer<ReadOnlyMemory<char>> names = default;
        schema["Score"].GetSlotNames(ref names);
        CollectionAssert.AreEqual(new[] { "entailment", "neutral", "contradiction" }, names.DenseValues().Select(n => n.ToString()).ToArray());

        SchemaShape shape = ml.Transforms.Text.EmbedXlmRoberta("Features", "Text", Fixtures.FeatureExtractionModel)
            .Append(ml.Transforms.Text.TokenizeXlmRoberta("input_ids", "Text", Fixtures.FeatureExtractionModel))
            .GetOutputSchema(SchemaShapes.Append(new SchemaShape([]), [new OutputColumn("Text", OutputKind.Text)]));
        Assert.IsTrue(shape.Any(c => c.Name == "Features" && c.Kind == SchemaShape.Column.VectorKind.Vector && c.ItemType == NumberDataViewType.Single));
        Assert.IsTrue(shape.Any(c => c.Name == "input_ids" && c.Kind == SchemaShape.Column.VectorKind.VariableVector && c.ItemType == NumberDataViewType.Int64));
    }

    [TestMethod]
    public void BadOptionsFailWhenTheEstimatorIsMade()
    {
        var ml = new MLContext(seed: 1);
        Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.Text.EmbedXlmRoberta("Features", "Text", ""));
        Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.Text.EmbedXlmRoberta("", "Text", Fixtures.FeatureExtractionModel));
        Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.Text.ClassifyXlmRoberta(new ClassifyXlmRobertaOptions
        {
            ModelFolder = Fixtures.TextClassificationModel,
            LogitsColumnName = "Out",
            ScoreColumnName = "Out",
        }));
        Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.Text.ClassifyTokensXlmRoberta(new ClassifyTokensXlmRobertaOptions
        {
            ModelFolder = Fixtures.TokenClassificationModel,
            TokensColumnName = null,
            LabelsColumnName = null,
            ScoresColumnName = null,
            StartsColumnName = null,
            EndsColumnName = "",
        }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.Text.EmbedXlmRoberta(new EmbedXlmRobertaOptions
        {
            ModelFolder = Fixtures.FeatureExtractionModel,
            Encoder = new() { MaxBatchSize = 0 },
        }));
    }
}

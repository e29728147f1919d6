using System.Text.Json;
using Microsoft.ML.Data;
using Microsoft.ML.XlmRoberta.Persistence;
using Microsoft.ML.XlmRoberta.Tests.TestData;

namespace Microsoft.ML.XlmRoberta.Tests.Persistence;

[TestClass]
public sealed class SaveLoadTests
{
    [TestMethod]
    public void TrainedPipelinePredictsTheSameAfterLoadingInAFreshProcess()
    {
        List<TextRow> rows = ScriptLabels.Dataset(minimum: 40);
        var ml = new MLContext(seed: 5);
        IDataView keyed = ml.Transforms.Conversion.MapValueToKey("Label").Fit(ml.Data.LoadFromEnumerable(rows)).Transform(ml.Data.LoadFromEnumerable(rows));
        ITransformer model = ml.Transforms.Text.EmbedXlmRoberta(new EmbedXlmRobertaOptions
        {
            ModelFolder = Fixtures.FeatureExtractionModel,
            OutputColumnName = "Features",
            Normalize = true,
        })
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy())
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"))
            .Fit(keyed);

        string[] texts = [.. rows.Where((_, i) => i % 9 == 0).Select(r => r.Text), "", "Hello world!"];
        var ml2 = new MLContext(seed: 5);
        IDataView probe = ml2.Data.LoadFromEnumerable(texts.Select(t => new TextRow { Text = t }));
        IDataView live = model.Transform(probe);
        float[][] liveFeatures = live.GetColumn<float[]>("Features").ToArray();
        float[][] liveScores = live.GetColumn<float[]>("Score").ToArray();
        string[] liveLabels = live.GetColumn<string>("PredictedLabel").ToArray();

        string path = Path.Combine(Path.GetTempPath(), $"xlmr-model-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, keyed.Schema, path);
            foreach (bool restore in new[] { false, true })
            {
                using JsonDocument result = FreshProcess.LoadAndPredict(
                    path, new Dictionary<string, string[]> { ["Text"] = texts }, ["Features", "Score", "PredictedLabel"], restore);
                Assert.AreEqual(restore, result.RootElement.GetProperty("restored").GetBoolean());
                CheckSame(result, texts.Length, liveFeatures, liveScores, liveLabels);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void CheckSame(JsonDocument result, int count, float[][] liveFeatures, float[][] liveScores, string[] liveLabels)
    {
        JsonElement types = result.RootElement.GetProperty("types");
        Assert.AreEqual("Vector<Single, 32>", types.GetProperty("Features").GetString(), "a loaded embedding column keeps its fixed size");
        JsonElement[] loaded = result.RootElement.GetProperty("rows").EnumerateArray().ToArray();
        Assert.HasCount(count, loaded);
        for (int i = 0; i < count; i++)
        {
            Fixtures.AssertClose(liveFeatures[i], Fixtures.Floats(loaded[i].GetProperty("Features")), 1e-5f, $"Features of row {i}");
            Fixtures.AssertClose(liveScores[i], Fixtures.Floats(loaded[i].GetProperty("Score")), 1e-4f, $"Score of row {i}");
            Assert.AreEqual(liveLabels[i], loaded[i].GetProperty("PredictedLabel").GetString(), $"PredictedLabel of row {i}");
        }
    }

    [TestMethod]
    public void TokenizeAndClassifyTransformsRoundTripInProcess()
    {
        var ml = new MLContext(seed: 1);
        PairRow[] rows = [new() { Text = "Hello world!", Pair = "Bonjour le monde" }, new() { Text = "", Pair = "x" }, new() { Text = "Привет", Pair = "" }];
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        ITransformer model = ml.Transforms.Text.TokenizeXlmRoberta(new TokenizeXlmRobertaOptions
        {
            ModelFolder = Fixtures.TextClassificationModel,
            TextPairColumnName = "Pair",
            TokensColumnName = "Tokens",
        })
            .Append(ml.Transforms.Text.ClassifyXlmRoberta("PredictedLabel", "Text", Fixtures.TextClassificationModel, "Pair"))
            .Append(ml.Transforms.Text.ClassifyTokensXlmRoberta(new ClassifyTokensXlmRobertaOptions
            {
                ModelFolder = Fixtures.TokenClassificationModel,
                TokensColumnName = "NerTokens",
                ScoresColumnName = null,
            }))
            .Fit(data);
        string[] columns = ["input_ids", "attention_mask", "Tokens", "Logits", "Score", "PredictedLabel", "NerTokens", "TokenLabels", "TokenStarts", "TokenEnds"];
        IDataView live = model.Transform(data);

        string path = Path.Combine(Path.GetTempPath(), $"xlmr-model-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            ITransformer loadedModel = new MLContext(seed: 2).Model.Load(path, out DataViewSchema inputSchema);
            IDataView loaded = loadedModel.Transform(data);
            Assert.IsNull(loaded.Schema.GetColumnOrNull("TokenScores"), "an output left out stays out");
            Assert.IsNull(loaded.Schema.GetColumnOrNull("__xlmr_config"), "internal columns are dropped");
            foreach (string column in columns)
            {
                Assert.AreEqual(Describe(live, column), Describe(loaded, column), column);
            }

            ITransformer restoredModel = XlmRobertaPersistence.RestoreBatching(loadedModel, inputSchema);
            var parts = ((TransformerChain<ITransformer>)restoredModel).ToArray();
            Assert.HasCount(3, parts);
            Assert.IsTrue(parts.All(p => p is XlmRobertaTransformer), "every saved XLM-R chain is replaced by a live transformer");
            IDataView restored = restoredModel.Transform(data);
            foreach (string column in columns)
            {
                Assert.AreEqual(live.Schema[column].Type, restored.Schema[column].Type, column);
                Assert.AreEqual(Describe(live, column), Describe(restored, column), column);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void RelocatedModelFolderIsFoundThroughTheResolveHook()
    {
        string copy = Path.Combine(Path.GetTempPath(), $"xlmr-relocated-{Guid.NewGuid():N}");
        CopyFolder(Fixtures.FeatureExtractionModel, copy);
        string path = Path.Combine(Path.GetTempPath(), $"xlmr-model-{Guid.NewGuid():N}.zip");
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(new[] { new TextRow { Text = "Hello world!" } });
        ITransformer model = ml.Transforms.Text.EmbedXlmRoberta("Features", "Text", copy).Fit(data);
        float[] expected = model.Transform(data).GetColumn<float[]>("Features").Single();
        ml.Model.Save(model, data.Schema, path);
        Directory.Delete(copy, recursive: true);
        try
        {
            ITransformer missing = ml.Model.Load(path, out _);
            Exception error = Assert.Throws<Exception>(() => missing.Transform(data).GetColumn<float[]>("Features").ToArray());
            Assert.Contains(copy, error.ToString());

            string fixture = Fixtures.FeatureExtractionModel;
            XlmRobertaModelLocation.Resolve = recorded => recorded == copy ? fixture : recorded;
            ITransformer relocated = new MLContext(seed: 1).Model.Load(path, out _);
            Fixtures.AssertClose(expected, relocated.Transform(data).GetColumn<float[]>("Features").Single(), 1e-6f, "relocated");
        }
        finally
        {
            XlmRobertaModelLocation.Resolve = null;
            File.Delete(path);
        }
    }

    private static string Describe(IDataView view, string column)
    {
        DataViewSchema.Column c = view.Schema[column];
        var values = new List<string>();
        using DataViewRowCursor cursor = view.GetRowCursor([c]);
        Func<string> read = c.Type switch
        {
            TextDataViewType => Reader<ReadOnlyMemory<char>>(cursor, c, v => v.ToString()),
            VectorDataViewType { ItemType: TextDataViewType } => Reader<VBuffer<ReadOnlyMemory<char>>>(cursor, c, v => string.Join("|", v.DenseValues())),
            VectorDataViewType { ItemType: NumberDataViewType n } when n.RawType == typeof(float) =>
                Reader<VBuffer<float>>(cursor, c, v => string.Join(",", v.DenseValues().Select(x => x.ToString("F5", System.Globalization.CultureInfo.InvariantCulture)))),
            VectorDataViewType { ItemType: NumberDataViewType n } when n.RawType == typeof(long) => Reader<VBuffer<long>>(cursor, c, v => string.Join(",", v.DenseValues())),
            VectorDataViewType { ItemType: NumberDataViewType n } when n.RawType == typeof(int) => Reader<VBuffer<int>>(cursor, c, v => string.Join(",", v.DenseValues())),
            _ => throw new AssertFailedException($"unexpected type {c.Type} of {column}"),
        };
        while (cursor.MoveNext())
        {
            values.Add(read());
        }

        return $"{((c.Type as VectorDataViewType)?.ItemType ?? c.Type).RawType.Name}: {string.Join(" / ", values)}";
    }

    private static Func<string> Reader<T>(DataViewRow row, DataViewSchema.Column column, Func<T, string> format)
    {
        ValueGetter<T> getter = row.GetGetter<T>(column);
        T value = default!;
        return () =>
        {
            getter(ref value);
            return format(value);
        };
    }

    private static void CopyFolder(string source, string destination)
    {
        foreach (string file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}

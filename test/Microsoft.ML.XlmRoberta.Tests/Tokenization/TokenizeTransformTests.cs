using System.Text.Json;
using Microsoft.ML.Data;
using Microsoft.ML.XlmRoberta.Tests.TestData;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Tests.Tokenization;

[TestClass]
public sealed class TokenizeTransformTests
{
    [TestMethod]
    public void InputIdsAndTokensMatchEveryCasesFixture()
    {
        IReadOnlyList<JsonElement> cases = Fixtures.Cases();
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(cases.Select(c => new TextRow { Text = c.GetProperty("text").GetString()! }));
        IDataView output = ml.Transforms.Text.TokenizeXlmRoberta(new TokenizeXlmRobertaOptions
        {
            ModelFolder = Fixtures.FeatureExtractionModel,
            TokensColumnName = "Tokens",
        }).Fit(data).Transform(data);
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Int64), output.Schema["input_ids"].Type);
        long[][] ids = output.GetColumn<long[]>("input_ids").ToArray();
        long[][] mask = output.GetColumn<long[]>("attention_mask").ToArray();
        string[][] tokens = output.GetColumn<string[]>("Tokens").ToArray();
        for (int i = 0; i < cases.Count; i++)
        {
            long[] want = cases[i].GetProperty("ids").EnumerateArray().Select(v => v.GetInt64()).ToArray();
            CollectionAssert.AreEqual(want, ids[i], $"ids of case {i}");
            CollectionAssert.AreEqual(Enumerable.Repeat(1L, want.Length).ToArray(), mask[i], $"mask of case {i}");
            CollectionAssert.AreEqual(cases[i].GetProperty("tokens").EnumerateArray().Select(v => v.GetString()).ToArray(), tokens[i], $"tokens of case {i}");
        }
    }

    [TestMethod]
    public void PairsMatchThePairsFixtureWithAndWithoutTruncation()
    {
        IReadOnlyList<JsonElement> pairs = SharedFixtures.ReadJsonLines("fixtures/tokenizer/pairs.jsonl");
        foreach (IGrouping<int?, JsonElement> group in pairs.GroupBy(p => p.GetProperty("max_length").ValueKind == JsonValueKind.Number ? p.GetProperty("max_length").GetInt32() : (int?)null))
        {
            JsonElement[] rows = [.. group];
            var ml = new MLContext(seed: 1);
            IDataView data = ml.Data.LoadFromEnumerable(rows.Select(p => new PairRow { Text = p.GetProperty("text").GetString()!, Pair = p.GetProperty("text_pair").GetString()! }));
            long[][] ids = ml.Transforms.Text.TokenizeXlmRoberta("input_ids", "Text", Fixtures.FeatureExtractionModel, "Pair", group.Key)
                .Fit(data).Transform(data).GetColumn<long[]>("input_ids").ToArray();
            for (int i = 0; i < rows.Length; i++)
            {
                CollectionAssert.AreEqual(rows[i].GetProperty("ids").EnumerateArray().Select(v => v.GetInt64()).ToArray(), ids[i], $"pair {i}, max_length {group.Key}");
            }
        }
    }

    [TestMethod]
    public void TokenizeFeedsApplyOnnxModelAndMatchesTheEmbeddingsTransform()
    {
        string[] texts = Fixtures.EndToEnd("feature-extraction").Select(c => c.GetProperty("text").GetString()!).ToArray();
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(texts.Select(t => new TextRow { Text = t }));
        IDataView hidden = ml.Transforms.Text.TokenizeXlmRoberta("input_ids", "Text", Fixtures.FeatureExtractionModel)
            .Append(ml.Transforms.ApplyOnnxModel(["last_hidden_state"], ["input_ids", "attention_mask"], Fixtures.FeatureExtractionOnnx))
            .Append(ml.Transforms.Text.EmbedXlmRoberta("Features", "Text", Fixtures.FeatureExtractionModel))
            .Fit(data).Transform(data);
        float[][] states = hidden.GetColumn<float[]>("last_hidden_state").ToArray();
        long[][] ids = hidden.GetColumn<long[]>("input_ids").ToArray();
        float[][] features = hidden.GetColumn<float[]>("Features").ToArray();
        for (int i = 0; i < texts.Length; i++)
        {
            int width = features[i].Length;
            Assert.AreEqual(ids[i].Length * width, states[i].Length, $"last_hidden_state of text {i} is tokens x hidden");
            var mean = new float[width];
            for (int t = 0; t < ids[i].Length; t++)
            {
                for (int d = 0; d < width; d++)
                {
                    mean[d] += states[i][(t * width) + d] / ids[i].Length;
                }
            }

            Fixtures.AssertClose(features[i], mean, 1e-4f, $"mean-pooled ONNX output of text {i}");
        }
    }
}

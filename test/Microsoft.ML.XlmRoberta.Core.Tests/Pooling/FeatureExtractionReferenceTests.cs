using System.Text.Json;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Pooling;
using Microsoft.ML.XlmRoberta.Tests.TestData;

namespace Microsoft.ML.XlmRoberta.Tests.Pooling;

/// <summary>Feature extraction against Hugging Face's PyTorch outputs (reference.json cases a, b, c).</summary>
[TestClass]
public sealed class FeatureExtractionReferenceTests
{
    [TestMethod]
    [DataRow("feature-extraction", "a")]
    [DataRow("feature-extraction", "b")]
    [DataRow("feature-extraction-external", "a")]
    [DataRow("feature-extraction-external", "b")]
    public void TokenEmbeddingsAndPoolingsMatchReference(string model, string caseName)
    {
        var reference = ModelReference.Load(model);
        JsonElement c = reference.Case(caseName);
        int[][] rows = reference.Rows(caseName);
        using XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(reference.Folder);
        JsonElement pooling = c.GetProperty("pooling");
        foreach ((PoolingMode mode, bool normalize, string key) in new[]
        {
            (PoolingMode.Cls, false, "cls"), (PoolingMode.Mean, false, "mean"),
            (PoolingMode.Cls, true, "cls_l2_normalized"), (PoolingMode.Mean, true, "mean_l2_normalized"),
        })
        {
            var extractor = new XlmRobertaFeatureExtractor(
                encoder, new FeatureExtractionOptions { Pooling = mode, Normalize = normalize, IncludeTokenEmbeddings = true });
            EmbeddingResult[] results = extractor.EmbedIds(rows);
            Assert.HasCount(rows.Length, results);
            for (int r = 0; r < rows.Length; r++)
            {
                ModelReference.AssertClose(ModelReference.Row(pooling.GetProperty(key), r), results[r].Embedding, ModelReference.Tolerance, $"{caseName}[{r}] {key}");
                float[] hidden = ModelReference.Row(c.GetProperty("output").GetProperty("data"), r);
                ModelReference.AssertClose(hidden.AsSpan(0, rows[r].Length * 32), results[r].TokenEmbeddings, ModelReference.Tolerance, $"{caseName}[{r}] tokens");
                Assert.AreEqual(rows[r].Length, results[r].TokenCount);
            }
        }
    }

    [TestMethod]
    [DataRow("feature-extraction")]
    [DataRow("feature-extraction-external")]
    public void MaxPoolingIsElementwiseMaximumOfReferenceTokens(string model)
    {
        var reference = ModelReference.Load(model);
        int[][] rows = reference.Rows("b");
        JsonElement data = reference.Case("b").GetProperty("output").GetProperty("data");
        using XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(reference.Folder);
        EmbeddingResult[] results = new XlmRobertaFeatureExtractor(encoder, new FeatureExtractionOptions { Pooling = PoolingMode.Max }).EmbedIds(rows);
        for (int r = 0; r < rows.Length; r++)
        {
            float[] hidden = ModelReference.Row(data, r);
            var expected = new float[32];
            Array.Fill(expected, float.NegativeInfinity);
            for (int t = 0; t < rows[r].Length; t++)
            {
                for (int d = 0; d < 32; d++)
                {
                    expected[d] = Math.Max(expected[d], hidden[(t * 32) + d]);
                }
            }

            ModelReference.AssertClose(expected, results[r].Embedding, ModelReference.Tolerance, $"row {r} max");
        }
    }

    [TestMethod]
    [DataRow("feature-extraction")]
    [DataRow("feature-extraction-external")]
    public void MaxLengthCaseCMatchesReference(string model)
    {
        var reference = ModelReference.Load(model);
        JsonElement c = reference.Case("c");
        int[][] rows = reference.Rows("c");
        Assert.AreEqual(512, rows[0].Length);
        using XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(reference.Folder, new XlmRobertaEncoderOptions { LongInputMode = LongInputMode.Throw });
        EmbeddingResult result = new XlmRobertaFeatureExtractor(encoder, new FeatureExtractionOptions { IncludeTokenEmbeddings = true }).EmbedIds(rows)[0];
        float[] tokens = result.TokenEmbeddings!;
        JsonElement output = c.GetProperty("output");
        ModelReference.AssertClose(ModelReference.Floats(output.GetProperty("first3")), tokens.AsSpan(0, 3 * 32), ModelReference.Tolerance, "first3");
        ModelReference.AssertClose(ModelReference.Floats(output.GetProperty("last3")), tokens.AsSpan(509 * 32, 3 * 32), ModelReference.Tolerance, "last3");
        ModelReference.AssertClose(ModelReference.Floats(output.GetProperty("mean_over_sequence")), result.Embedding, ModelReference.Tolerance, "mean_over_sequence");
        Assert.AreEqual(output.GetProperty("mean_all_elements").GetSingle(), tokens.Average(), ModelReference.Tolerance);
        JsonElement pooling = c.GetProperty("pooling");
        ModelReference.AssertClose(ModelReference.Floats(pooling.GetProperty("mean")), result.Embedding, ModelReference.Tolerance, "mean");
        ModelReference.AssertClose(ModelReference.Floats(pooling.GetProperty("cls")), tokens.AsSpan(0, 32), ModelReference.Tolerance, "cls");
        EmbeddingResult normalized = new XlmRobertaFeatureExtractor(encoder, new FeatureExtractionOptions { Pooling = PoolingMode.Cls, Normalize = true }).EmbedIds(rows)[0];
        ModelReference.AssertClose(ModelReference.Floats(pooling.GetProperty("cls_l2_normalized")), normalized.Embedding, ModelReference.Tolerance, "cls_l2");
    }
}

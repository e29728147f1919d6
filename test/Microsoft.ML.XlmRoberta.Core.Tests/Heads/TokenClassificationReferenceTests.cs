using System.Text.Json;
using Microsoft.ML.XlmRoberta.Heads;
using Microsoft.ML.XlmRoberta.Tests.TestData;

namespace Microsoft.ML.XlmRoberta.Tests.Heads;

/// <summary>Token classification against reference.json (a, b, c) and e2e/token-classification.jsonl.</summary>
[TestClass]
public sealed class TokenClassificationReferenceTests
{
    private const int Labels = 9;

    [TestMethod]
    [DataRow("a")]
    [DataRow("b")]
    public void LogitsAndLabelsMatchReference(string caseName)
    {
        var reference = ModelReference.Load("token-classification");
        JsonElement c = reference.Case(caseName);
        int[][] rows = reference.Rows(caseName);
        var encoder = Models.Shared("token-classification");
        float[][] logits = encoder.GetOutputs(rows, "logits");
        TokenClassificationResult[] results = new XlmRobertaTokenClassifier(encoder).PredictIds(rows);
        for (int r = 0; r < rows.Length; r++)
        {
            float[] expected = ModelReference.Row(c.GetProperty("output").GetProperty("data"), r);
            ModelReference.AssertClose(expected.AsSpan(0, rows[r].Length * Labels), logits[r], ModelReference.Tolerance, $"{caseName}[{r}] logits");
            string[] labels = Models.Strings(c.GetProperty("argmax_labels").EnumerateArray().ElementAt(r));
            Assert.HasCount(rows[r].Length, results[r].Tokens);
            for (int t = 0; t < rows[r].Length; t++)
            {
                Assert.AreEqual(labels[t], results[r].Tokens[t].Label, $"{caseName}[{r}] token {t}");
                Assert.AreEqual(rows[r][t], results[r].Tokens[t].TokenId);
            }
        }
    }

    [TestMethod]
    public void MaxLengthCaseCMatchesReference()
    {
        var reference = ModelReference.Load("token-classification");
        JsonElement output = reference.Case("c").GetProperty("output");
        float[] logits = Models.Shared("token-classification").GetOutputs(reference.Rows("c"), "logits")[0];
        Assert.HasCount(512 * Labels, logits);
        ModelReference.AssertClose(ModelReference.Floats(output.GetProperty("first3")), logits.AsSpan(0, 3 * Labels), ModelReference.Tolerance, "first3");
        ModelReference.AssertClose(ModelReference.Floats(output.GetProperty("last3")), logits.AsSpan(509 * Labels, 3 * Labels), ModelReference.Tolerance, "last3");
        var mean = new float[Labels];
        for (int t = 0; t < 512; t++)
        {
            for (int l = 0; l < Labels; l++)
            {
                mean[l] += logits[(t * Labels) + l] / 512;
            }
        }

        ModelReference.AssertClose(ModelReference.Floats(output.GetProperty("mean_over_sequence")), mean, ModelReference.Tolerance, "mean_over_sequence");
        Assert.AreEqual(output.GetProperty("mean_all_elements").GetSingle(), logits.Average(), ModelReference.Tolerance);
    }

    [TestMethod]
    public void TextsMatchEndToEndFixture()
    {
        IReadOnlyList<JsonElement> cases = Models.E2e("token-classification");
        var classifier = new XlmRobertaTokenClassifier(Models.Shared("token-classification"));
        string[] texts = [.. cases.Select(c => c.GetProperty("text").GetString()!)];
        TokenClassificationResult[] results = classifier.Predict(texts, AggregationStrategy.Simple);
        for (int i = 0; i < cases.Count; i++)
        {
            int[] ids = Models.Ints(cases[i].GetProperty("ids"));
            string[] labels = Models.Strings(cases[i].GetProperty("labels"));
            float[] logits = ModelReference.Floats(cases[i].GetProperty("logits"));
            Assert.HasCount(ids.Length, results[i].Tokens, $"case {i}");
            for (int t = 0; t < ids.Length; t++)
            {
                TokenPrediction token = results[i].Tokens[t];
                Assert.AreEqual(ids[t], token.TokenId, $"case {i} token {t}");
                Assert.AreEqual(labels[t], token.Label, $"case {i} token {t}");
                var expected = new float[Labels];
                Microsoft.ML.XlmRoberta.Heads.Softmax.Compute(logits.AsSpan(t * Labels, Labels), expected);
                ModelReference.AssertClose(expected, token.Probabilities, ModelReference.Tolerance, $"case {i} token {t} probabilities");
            }
        }
    }
}

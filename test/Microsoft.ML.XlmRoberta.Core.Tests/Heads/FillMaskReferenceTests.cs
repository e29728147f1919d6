using System.Text.Json;
using Microsoft.ML.XlmRoberta.Heads;
using Microsoft.ML.XlmRoberta.Tests.TestData;

namespace Microsoft.ML.XlmRoberta.Tests.Heads;

/// <summary>Fill-mask against reference.json (a: full logits binary; b, c: summaries) and e2e/fill-mask.jsonl.</summary>
[TestClass]
public sealed class FillMaskReferenceTests
{
    private const int Vocab = 250002;

    [TestMethod]
    public void CaseAFullLogitsMatchBinaryReference()
    {
        var reference = ModelReference.Load("fill-mask");
        byte[] bytes = File.ReadAllBytes(Path.Combine(reference.Folder, "reference.a.logits.f32"));
        float[] expected = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, expected, 0, bytes.Length);
        float[] logits = Models.Shared("fill-mask").GetOutputs(reference.Rows("a"), "logits")[0];
        Assert.HasCount(5 * Vocab, expected);
        ModelReference.AssertClose(expected, logits, ModelReference.Tolerance, "a logits");
    }

    [TestMethod]
    public void CaseASoftmaxTop5AtPosition2MatchesReference()
    {
        var reference = ModelReference.Load("fill-mask");
        JsonElement top5 = reference.Case("a").GetProperty("softmax_top5_at_position_2");
        int[] row = reference.Rows("a")[0];
        // Treat the token at position 2 (▁world) as the "mask" so the head reports that position's top 5.
        var head = new XlmRobertaFillMask(Models.Shared("fill-mask"), maskTokenId: top5.GetProperty("input_id_at_position").GetInt32());
        MaskPrediction prediction = head.PredictIds([row], topK: 5)[0].Single();
        Assert.AreEqual(2, prediction.Position);
        CollectionAssert.AreEqual(Models.Ints(top5.GetProperty("token_ids")), prediction.Candidates.Select(c => c.TokenId).ToArray());
        ModelReference.AssertClose(ModelReference.Floats(top5.GetProperty("probs")), [.. prediction.Candidates.Select(c => c.Score)], 1e-5f, "probs");
        ModelReference.AssertClose(ModelReference.Floats(top5.GetProperty("logits")), [.. prediction.Candidates.Select(c => c.Logit)], ModelReference.Tolerance, "logits");
    }

    [TestMethod]
    public void CaseBSummariesMatchEveryRealPosition()
    {
        var reference = ModelReference.Load("fill-mask");
        JsonElement summaries = reference.Case("b").GetProperty("output_summaries");
        int[][] rows = reference.Rows("b");
        float[][] logits = Models.Shared("fill-mask").GetOutputs(rows, "logits");
        for (int r = 0; r < rows.Length; r++)
        {
            for (int t = 0; t < rows[r].Length; t++)
            {
                AssertSummary(summaries, logits[r].AsSpan(t * Vocab, Vocab), s => s.EnumerateArray().ElementAt(r).EnumerateArray().ElementAt(t), $"b[{r}][{t}]");
            }
        }

        // The one <mask> of row 1 (position 6): the head's top 10 is the reference's top 10.
        var head = new XlmRobertaFillMask(Models.Shared("fill-mask"), maskTokenId: 250001);
        MaskPrediction mask = head.PredictIds(rows, topK: 10)[1].Single();
        Assert.AreEqual(6, mask.Position);
        CollectionAssert.AreEqual(
            Models.Ints(summaries.GetProperty("top10_ids").EnumerateArray().ElementAt(1).EnumerateArray().ElementAt(6)),
            mask.Candidates.Select(c => c.TokenId).ToArray());
        float logSumExp = summaries.GetProperty("logsumexp").EnumerateArray().ElementAt(1).EnumerateArray().ElementAt(6).GetSingle();
        foreach (MaskCandidate candidate in mask.Candidates)
        {
            Assert.AreEqual(MathF.Exp(candidate.Logit - logSumExp), candidate.Score, 1e-5f);
        }
    }

    [TestMethod]
    public void CaseCFirstAndLastPositionsMatchSummaries()
    {
        var reference = ModelReference.Load("fill-mask");
        JsonElement output = reference.Case("c").GetProperty("output");
        float[] logits = Models.Shared("fill-mask").GetOutputs(reference.Rows("c"), "logits")[0];
        int[] first = Models.Ints(output.GetProperty("positions_first3"));
        int[] last = Models.Ints(output.GetProperty("positions_last3"));
        for (int k = 0; k < 3; k++)
        {
            AssertSummary(output.GetProperty("first3_summaries"), logits.AsSpan(first[k] * Vocab, Vocab), s => s.EnumerateArray().First().EnumerateArray().ElementAt(k), $"c first {k}");
            AssertSummary(output.GetProperty("last3_summaries"), logits.AsSpan(last[k] * Vocab, Vocab), s => s.EnumerateArray().First().EnumerateArray().ElementAt(k), $"c last {k}");
        }

        int[] probes = Models.Ints(output.GetProperty("first3_summaries").GetProperty("probe_ids"));
        float[] meanAtProbes = new float[probes.Length];
        for (int t = 0; t < 512; t++)
        {
            for (int p = 0; p < probes.Length; p++)
            {
                meanAtProbes[p] += logits[(t * Vocab) + probes[p]] / 512;
            }
        }

        ModelReference.AssertClose(ModelReference.Floats(output.GetProperty("mean_over_sequence_at_probe_ids")), meanAtProbes, ModelReference.Tolerance, "mean at probes");
        double all = 0;
        foreach (float x in logits)
        {
            all += x;
        }

        Assert.AreEqual(output.GetProperty("mean_all_elements").GetDouble(), all / logits.Length, ModelReference.Tolerance);
    }

    [TestMethod]
    public void TextsMatchEndToEndFixture()
    {
        IReadOnlyList<JsonElement> cases = Models.E2e("fill-mask");
        var head = new XlmRobertaFillMask(Models.Shared("fill-mask"));
        IReadOnlyList<MaskPrediction>[] results = head.Predict([.. cases.Select(c => c.GetProperty("text").GetString()!)], topK: 5);
        for (int i = 0; i < cases.Count; i++)
        {
            int[] positions = Models.Ints(cases[i].GetProperty("mask_positions"));
            CollectionAssert.AreEqual(positions, results[i].Select(m => m.Position).ToArray(), $"case {i} mask positions");
            JsonElement[] top5 = [.. cases[i].GetProperty("top5").EnumerateArray()];
            for (int m = 0; m < positions.Length; m++)
            {
                JsonElement[] expected = [.. top5[m].EnumerateArray()];
                IReadOnlyList<MaskCandidate> actual = results[i][m].Candidates;
                Assert.HasCount(expected.Length, actual);
                for (int k = 0; k < expected.Length; k++)
                {
                    Assert.AreEqual(expected[k].GetProperty("id").GetInt32(), actual[k].TokenId, $"case {i} mask {m} rank {k}");
                    Assert.AreEqual(expected[k].GetProperty("token").GetString(), actual[k].Token);
                    Assert.AreEqual(expected[k].GetProperty("prob").GetSingle(), actual[k].Score, ModelReference.Tolerance);
                    Assert.AreEqual(expected[k].GetProperty("logit").GetSingle(), actual[k].Logit, ModelReference.Tolerance);
                }
            }
        }
    }

    private static void AssertSummary(JsonElement summaries, ReadOnlySpan<float> logits, Func<JsonElement, JsonElement> at, string where)
    {
        int[] probes = Models.Ints(summaries.GetProperty("probe_ids"));
        float[] expectedProbes = ModelReference.Floats(at(summaries.GetProperty("logits_at_probe_ids")));
        for (int p = 0; p < probes.Length; p++)
        {
            Assert.AreEqual(expectedProbes[p], logits[probes[p]], ModelReference.Tolerance, $"{where} probe {probes[p]}");
        }

        JsonElement strided = summaries.GetProperty("strided_ids");
        float[] expectedStrided = ModelReference.Floats(at(summaries.GetProperty("logits_at_strided_ids")));
        int step = strided.GetProperty("step").GetInt32();
        Assert.AreEqual(strided.GetProperty("count").GetInt32(), expectedStrided.Length);
        for (int s = 0; s < expectedStrided.Length; s++)
        {
            Assert.AreEqual(expectedStrided[s], logits[strided.GetProperty("start").GetInt32() + (s * step)], ModelReference.Tolerance, $"{where} strided {s}");
        }

        Assert.AreEqual(at(summaries.GetProperty("logsumexp")).GetSingle(), Microsoft.ML.XlmRoberta.Heads.Softmax.LogSumExp(logits), ModelReference.Tolerance, $"{where} logsumexp");
        Assert.AreEqual(at(summaries.GetProperty("argmax")).GetInt32(), Microsoft.ML.XlmRoberta.Heads.Softmax.ArgMax(logits), $"{where} argmax");
        Span<int> top = stackalloc int[10];
        TopK.Select(logits, top);
        CollectionAssert.AreEqual(Models.Ints(at(summaries.GetProperty("top10_ids"))), top.ToArray(), $"{where} top10");
        var topLogits = new float[10];
        for (int k = 0; k < 10; k++)
        {
            topLogits[k] = logits[top[k]];
        }

        ModelReference.AssertClose(ModelReference.Floats(at(summaries.GetProperty("top10_logits"))), topLogits, ModelReference.Tolerance, $"{where} top10 logits");
        double mean = 0;
        foreach (float x in logits)
        {
            mean += x;
        }

        Assert.AreEqual(at(summaries.GetProperty("mean_over_vocab")).GetDouble(), mean / logits.Length, ModelReference.Tolerance, $"{where} mean");
    }
}

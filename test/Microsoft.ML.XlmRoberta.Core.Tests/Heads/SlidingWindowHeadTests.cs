using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Heads;
using Microsoft.ML.XlmRoberta.Tests.TestData;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Tests.Heads;

/// <summary>Heads over long inputs in sliding-window mode.</summary>
[TestClass]
public sealed class SlidingWindowHeadTests
{
    [TestMethod]
    public void FillMaskTakesEachMaskFromItsMostCentralWindow()
    {
        // 100 tokens of case c, limit 32 (windows of 30 content tokens, overlap 8): content windows [0,30) [22,52)
        // [44,74) [66,96) [68,98). Masks at positions 5 (only window 0), 40 (only window 1), 50 (windows 1 and 2; more
        // central in 2) and 97 (window 4, the last one, which holds it at its far end).
        int[] c = ModelReference.Load("fill-mask").Rows("c")[0];
        int[] ids = [.. c[..99], c[^1]];
        ids[5] = ids[40] = ids[50] = ids[97] = 250001;
        using XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(
            SharedFixtures.Model("fill-mask"),
            new XlmRobertaEncoderOptions { LongInputMode = LongInputMode.SlidingWindow, MaxSequenceLength = 32, WindowOverlap = 8 });
        IReadOnlyList<MaskPrediction> masks = new XlmRobertaFillMask(encoder).PredictIds([ids], topK: 3)[0];
        CollectionAssert.AreEqual(new[] { 5, 40, 50, 97 }, masks.Select(m => m.Position).ToArray());

        int[] starts = [0, 22, 44, 66, 68];
        int[][] windows = [.. starts.Select(s => (int[])[ids[0], .. ids[(1 + s)..(1 + s + 30)], ids[^1]])];
        IReadOnlyList<MaskPrediction>[] perWindow = new XlmRobertaFillMask(Models.Shared("fill-mask")).PredictIds(windows, topK: 3);
        (int Window, int Position)[] expected = [(0, 5), (1, 18), (2, 6), (4, 29)];
        for (int m = 0; m < expected.Length; m++)
        {
            MaskPrediction reference = perWindow[expected[m].Window].Single(p => p.Position == expected[m].Position);
            CollectionAssert.AreEqual(reference.Candidates.ToArray(), masks[m].Candidates.ToArray(), $"mask {m}");
        }
    }

    [TestMethod]
    public void TokenClassificationOfLongTextCoversEveryToken()
    {
        string text = string.Join(' ', Enumerable.Repeat("Angela Merkel visited Paris.", 150));
        using XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(
            SharedFixtures.Model("token-classification"), new XlmRobertaEncoderOptions { LongInputMode = LongInputMode.SlidingWindow });
        TokenClassificationResult result = new XlmRobertaTokenClassifier(encoder).Predict([text], AggregationStrategy.First)[0];
        int count = encoder.Tokenize(text).Count;
        Assert.IsGreaterThan(512, count);
        Assert.HasCount(count, result.Tokens);
        Assert.IsTrue(result.Entities.All(e => e.End <= text.Length && e.Start < e.End));
        float[] stitched = encoder.GetOutputs([encoder.Tokenize(text).Ids.ToArray()], "logits")[0];
        for (int t = 0; t < count; t++)
        {
            Assert.AreEqual(Softmax.ArgMax(stitched.AsSpan(t * 9, 9)), result.Tokens[t].LabelId, $"token {t}");
        }
    }
}

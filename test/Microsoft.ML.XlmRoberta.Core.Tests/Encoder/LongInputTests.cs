using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Heads;
using Microsoft.ML.XlmRoberta.Pooling;
using Microsoft.ML.XlmRoberta.Tests.TestData;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Tests.Encoder;

/// <summary>Inputs longer than the model's limit: truncation, typed rejection, sliding windows.</summary>
[TestClass]
public sealed class LongInputTests
{
    /// <summary>Case c (512 tokens) with its 510 content ids repeated: 1,022 tokens.</summary>
    private static int[] LongIds()
    {
        int[] c = ModelReference.Load("feature-extraction").Rows("c")[0];
        int[] content = c[1..^1];
        return [c[0], .. content, .. content, c[^1]];
    }

    [TestMethod]
    public void OverLengthIdsWithTruncationDisabledThrowNamingLengthAndLimit()
    {
        using XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(SharedFixtures.Model("feature-extraction"), new XlmRobertaEncoderOptions { LongInputMode = LongInputMode.Throw });
        int[] ok = ModelReference.Load("feature-extraction").Rows("c")[0];
        int[] tooLong = [.. ok[..^1], 5, ok[^1]];
        var extractor = new XlmRobertaFeatureExtractor(encoder);
        Assert.HasCount(1, extractor.EmbedIds([ok]));
        var e = Assert.ThrowsExactly<XlmRobertaInputTooLongException>(() => extractor.EmbedIds([ok, tooLong]));
        Assert.AreEqual(1, e.InputIndex);
        Assert.AreEqual(513, e.Length);
        Assert.AreEqual(512, e.Limit);
        StringAssert.Contains(e.Message, "513");
        StringAssert.Contains(e.Message, "512");
    }

    [TestMethod]
    public void OverLengthTextWithTruncationDisabledThrows()
    {
        using XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(SharedFixtures.Model("feature-extraction"), new XlmRobertaEncoderOptions { LongInputMode = LongInputMode.Throw });
        string text = string.Join(' ', Enumerable.Repeat("Hello world!", 300));
        var e = Assert.ThrowsExactly<XlmRobertaInputTooLongException>(() => new XlmRobertaFeatureExtractor(encoder).Embed(["short", text]));
        Assert.AreEqual(1, e.InputIndex);
        Assert.AreEqual(encoder.Tokenize(text).Count, e.Length);
        Assert.AreEqual(512, e.Limit);
    }

    [TestMethod]
    public void TruncationKeepsTheFirstTokensAndTheClosingToken()
    {
        int[] ids = LongIds();
        XlmRobertaEncoder encoder = Models.Shared("feature-extraction");
        float[] truncated = encoder.GetOutputs([ids])[0];
        float[] explicitCut = encoder.GetOutputs([(int[])[.. ids[..511], ids[^1]]])[0];
        Assert.HasCount(512 * 32, truncated);
        CollectionAssert.AreEqual(explicitCut, truncated);

        string text = string.Join(' ', Enumerable.Repeat("Hello world!", 300));
        EmbeddingResult fromText = new XlmRobertaFeatureExtractor(encoder).Embed([text])[0];
        Assert.AreEqual(512, fromText.TokenCount);
    }

    [TestMethod]
    public void SlidingWindowTokensComeFromTheMostCentralWindow()
    {
        int[] ids = LongIds();
        using XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(
            SharedFixtures.Model("token-classification"),
            new XlmRobertaEncoderOptions { LongInputMode = LongInputMode.SlidingWindow, WindowOverlap = 128 });
        float[] stitched = encoder.GetOutputs([ids], "logits")[0];
        Assert.HasCount(ids.Length * 9, stitched);

        // Windows of 510 content tokens, step 382: content starts 0, 382, 510 (the last one aligned to the end).
        int[] starts = [0, 382, 510];
        float[][] windows = encoder.GetOutputs([.. starts.Select(s => (int[])[ids[0], .. ids[(1 + s)..(1 + s + 510)], ids[^1]])], "logits");
        for (int t = 0; t < ids.Length; t++)
        {
            int bestWindow = 0, bestPosition = 0, bestCentrality = int.MinValue;
            for (int w = 0; w < starts.Length; w++)
            {
                int j = t == 0 ? 0 : t == ids.Length - 1 ? 511 : t - starts[w];
                if (t != 0 && t != ids.Length - 1 && (j < 1 || j > 510))
                {
                    continue;
                }

                int centrality = t == 0 ? (w == 0 ? int.MaxValue : -1)
                    : t == ids.Length - 1 ? (w == starts.Length - 1 ? int.MaxValue : -1)
                    : Math.Min(w == 0 ? int.MaxValue : j - 1, w == starts.Length - 1 ? int.MaxValue : 510 - j);
                if (centrality > bestCentrality)
                {
                    (bestWindow, bestPosition, bestCentrality) = (w, j, centrality);
                }
            }

            ModelReference.AssertClose(windows[bestWindow].AsSpan(bestPosition * 9, 9), stitched.AsSpan(t * 9, 9), 0f, $"token {t}");
        }

        TokenClassificationResult result = new XlmRobertaTokenClassifier(encoder).PredictIds([ids])[0];
        Assert.HasCount(ids.Length, result.Tokens);
    }

    [TestMethod]
    public void SlidingWindowEmbeddingIsTokenWeightedMeanOfWindowPoolings()
    {
        int[] ids = LongIds();
        using XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(
            SharedFixtures.Model("feature-extraction"),
            new XlmRobertaEncoderOptions { LongInputMode = LongInputMode.SlidingWindow, WindowOverlap = 128 });
        EmbeddingResult pooled = new XlmRobertaFeatureExtractor(encoder, new FeatureExtractionOptions { Pooling = PoolingMode.Mean }).EmbedIds([ids])[0];
        int[] starts = [0, 382, 510];
        EmbeddingResult[] windows = new XlmRobertaFeatureExtractor(Models.Shared("feature-extraction"))
            .EmbedIds([.. starts.Select(s => (int[])[ids[0], .. ids[(1 + s)..(1 + s + 510)], ids[^1]])]);
        var expected = new float[32];
        for (int d = 0; d < 32; d++)
        {
            expected[d] = windows.Sum(w => w.Embedding[d] * 512f) / (3 * 512f);
        }

        ModelReference.AssertClose(expected, pooled.Embedding, 1e-6f, "weighted mean");
        Assert.AreEqual(ids.Length, pooled.TokenCount);

        EmbeddingResult max = new XlmRobertaFeatureExtractor(encoder, new FeatureExtractionOptions { Pooling = PoolingMode.Max }).EmbedIds([ids])[0];
        EmbeddingResult[] windowMax = new XlmRobertaFeatureExtractor(Models.Shared("feature-extraction"), new FeatureExtractionOptions { Pooling = PoolingMode.Max })
            .EmbedIds([.. starts.Select(s => (int[])[ids[0], .. ids[(1 + s)..(1 + s + 510)], ids[^1]])]);
        ModelReference.AssertClose([.. Enumerable.Range(0, 32).Select(d => windowMax.Max(w => w.Embedding[d]))], max.Embedding, 0f, "max over windows");
    }

    [TestMethod]
    public void ShortInputsAreUnaffectedBySlidingWindowMode()
    {
        var reference = ModelReference.Load("feature-extraction");
        using XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(reference.Folder, new XlmRobertaEncoderOptions { LongInputMode = LongInputMode.SlidingWindow });
        float[] hidden = encoder.GetOutputs(reference.Rows("c"))[0];
        ModelReference.AssertClose(ModelReference.Floats(reference.Case("c").GetProperty("output").GetProperty("first3")), hidden.AsSpan(0, 96), ModelReference.Tolerance, "first3");
        using XlmRobertaEncoder classification = XlmRobertaEncoder.Load(
            SharedFixtures.Model("text-classification"), new XlmRobertaEncoderOptions { LongInputMode = LongInputMode.SlidingWindow });
        Assert.ThrowsExactly<NotSupportedException>(() => new XlmRobertaSequenceClassifier(classification));
    }

    [TestMethod]
    public void MaxSequenceLengthAboveTheModelLimitIsRejected()
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => XlmRobertaEncoder.Load(
            SharedFixtures.Model("feature-extraction"), new XlmRobertaEncoderOptions { MaxSequenceLength = 513 }));
        StringAssert.Contains(e.Message, "512");
    }
}

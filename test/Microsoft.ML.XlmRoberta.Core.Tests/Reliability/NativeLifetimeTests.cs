using Microsoft.ML.XlmRoberta.Embeddings;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Heads;
using Microsoft.ML.XlmRoberta.Pooling;
using Microsoft.ML.XlmRoberta.Tests.TestData;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Tests.Reliability;

/// <summary>
/// Native handles are never used after they are freed: Dispose waits for calls in flight, later calls throw
/// <see cref="ObjectDisposedException"/>, and an application without the ONNX Runtime native package gets a typed
/// error naming the packages to add.
/// </summary>
[TestClass]
public sealed class NativeLifetimeTests
{
    [TestMethod]
    public void DisposingWhileSixteenThreadsAreInsideNeverCrashes()
    {
        // A child process, so that a use-after-free (SIGSEGV) fails this test instead of killing the test host.
        (int exitCode, string output) = ChildProgram.Run(
            "Microsoft.ML.XlmRoberta.Tests.FaultHost", TimeSpan.FromMinutes(5),
            "dispose-race", SharedFixtures.Model("feature-extraction"), "16", "12");
        Assert.AreEqual(0, exitCode, $"the dispose race failed (exit {exitCode}; 134/139 mean a native crash): {output}");
        StringAssert.Contains(output, "failures=0");
        StringAssert.Contains(output, "rounds=12");
    }

    [TestMethod]
    public async Task EveryCallAfterDisposeThrowsObjectDisposed()
    {
        XlmRobertaEncoder features = XlmRobertaEncoder.Load(SharedFixtures.Model("feature-extraction"));
        XlmRobertaEncoder sequence = XlmRobertaEncoder.Load(SharedFixtures.Model("text-classification"));
        XlmRobertaEncoder tokens = XlmRobertaEncoder.Load(SharedFixtures.Model("token-classification"));
        var extractor = new XlmRobertaFeatureExtractor(features);
        var classifier = new XlmRobertaSequenceClassifier(sequence);
        var tagger = new XlmRobertaTokenClassifier(tokens);
        features.Dispose();
        sequence.Dispose();
        tokens.Dispose();
        Assert.ThrowsExactly<ObjectDisposedException>(() => extractor.Embed(["a"]));
        Assert.ThrowsExactly<ObjectDisposedException>(() => extractor.EmbedIds([[0, 2]]));
        Assert.ThrowsExactly<ObjectDisposedException>(() => extractor.EmbedStream(["a"]).ToList());
        Assert.ThrowsExactly<ObjectDisposedException>(() => features.GetOutputs([[0, 2]]));
        Assert.ThrowsExactly<ObjectDisposedException>(() => classifier.Classify(["a"]));
        Assert.ThrowsExactly<ObjectDisposedException>(() => classifier.ClassifyPairs([("a", "b")]));
        Assert.ThrowsExactly<ObjectDisposedException>(() => tagger.Predict(["a"]));
        Assert.ThrowsExactly<ObjectDisposedException>(() => tagger.PredictIds([[0, 2]]));

        // The embedding generator refuses work once disposed, whether or not it owns the encoder.
        using XlmRobertaEncoder kept = XlmRobertaEncoder.Load(SharedFixtures.Model("feature-extraction"));
        var borrowing = new XlmRobertaEmbeddingGenerator(new XlmRobertaFeatureExtractor(kept));
        Assert.HasCount(1, await borrowing.GenerateAsync(["a"]));
        borrowing.Dispose();
        await Assert.ThrowsExactlyAsync<ObjectDisposedException>(() => borrowing.GenerateAsync(["a"]));
        Assert.HasCount(1, new XlmRobertaFeatureExtractor(kept).Embed(["a"]), "a borrowing generator leaves the encoder usable");

        XlmRobertaEmbeddingGenerator owning = XlmRobertaEmbeddingGenerator.Load(SharedFixtures.Model("feature-extraction"));
        owning.Dispose();
        owning.Dispose();
        await Assert.ThrowsExactlyAsync<ObjectDisposedException>(() => owning.GenerateAsync(["a"]));
        Assert.ThrowsExactly<ObjectDisposedException>(() => owning.Extractor.Embed(["a"]));
    }

    [TestMethod]
    public void DisposeWaitsForTheCallInFlight()
    {
        XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(
            SharedFixtures.Model("feature-extraction"), new XlmRobertaEncoderOptions { IntraOpThreads = 1, MaxBatchSize = 1 });
        var extractor = new XlmRobertaFeatureExtractor(encoder);
        int[][] inputs = [.. Enumerable.Range(0, 400).Select(i => Enumerable.Range(0, 500).Select(j => 5 + ((i * 31) + j) % 1000).ToArray())];
        EmbeddingResult[]? results = null;
        Exception? failure = null;
        var call = new Thread(() =>
        {
            try
            {
                results = extractor.EmbedIds(inputs);
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        call.Start();
        SpinWait.SpinUntil(() => encoder.Statistics.Batches > 0, TimeSpan.FromSeconds(60));
        encoder.Dispose();
        Assert.IsTrue(call.Join(TimeSpan.FromMinutes(2)));

        // Dispose returned only after the call: it finished all 400 inputs (or, had it not started, was refused).
        Assert.IsNull(failure, failure?.ToString());
        Assert.HasCount(400, results!);
        Assert.AreEqual(400, encoder.Statistics.Sequences);
        Assert.ThrowsExactly<ObjectDisposedException>(() => extractor.EmbedIds([[0, 2]]));
    }

    [TestMethod]
    public void WithoutTheNativePackageLoadingNamesThePackagesToAdd()
    {
        (int exitCode, string output) = ChildProgram.Run(
            "Microsoft.ML.XlmRoberta.Tests.NoNativeRuntime", TimeSpan.FromMinutes(2), SharedFixtures.Model("feature-extraction"));
        Assert.AreEqual(0, exitCode, output);
        StringAssert.StartsWith(output, typeof(OnnxRuntimeUnavailableException).FullName + ": ");
        StringAssert.Contains(output, "'Microsoft.ML.OnnxRuntime' (CPU)");
        StringAssert.Contains(output, "'Microsoft.ML.OnnxRuntime.Gpu' (CUDA + CPU)");
    }
}

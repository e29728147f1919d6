using System.Text.Json;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Heads;
using Microsoft.ML.XlmRoberta.Pooling;
using Microsoft.ML.XlmRoberta.Tests.TestData;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Tests.Encoder;

/// <summary>Empty inputs, concurrency, disposal, cancellation, streaming and execution providers.</summary>
[TestClass]
public sealed class RuntimeBehaviourTests
{
    private static int[][] E2eIds() => [.. Models.E2e("feature-extraction").Select(c => Models.Ints(c.GetProperty("ids")))];

    [TestMethod]
    public void EmptyListsGiveEmptyResults()
    {
        Assert.IsEmpty(new XlmRobertaFeatureExtractor(Models.Shared("feature-extraction")).Embed([]));
        Assert.IsEmpty(new XlmRobertaFeatureExtractor(Models.Shared("feature-extraction")).EmbedIds([]));
        Assert.IsEmpty(new XlmRobertaSequenceClassifier(Models.Shared("text-classification")).Classify([]));
        Assert.IsEmpty(new XlmRobertaTokenClassifier(Models.Shared("token-classification")).Predict([]));
        Assert.IsEmpty(new XlmRobertaFillMask(Models.Shared("fill-mask")).Predict([]));
        Assert.IsEmpty(Models.Shared("feature-extraction").GetOutputs([]));
        Assert.IsEmpty(new XlmRobertaFeatureExtractor(Models.Shared("feature-extraction")).EmbedStream([]).ToList());
    }

    [TestMethod]
    public void EmptyStringIsBosEosAndEmptyIdListIsRejected()
    {
        var extractor = new XlmRobertaFeatureExtractor(Models.Shared("feature-extraction"), new FeatureExtractionOptions { IncludeTokenEmbeddings = true });
        EmbeddingResult fromText = extractor.Embed([""])[0];
        EmbeddingResult fromIds = extractor.EmbedIds([[0, 2]])[0];
        Assert.AreEqual(2, fromText.TokenCount);
        CollectionAssert.AreEqual(fromIds.Embedding, fromText.Embedding);
        TokenClassificationResult tokens = new XlmRobertaTokenClassifier(Models.Shared("token-classification")).Predict([""], AggregationStrategy.Simple)[0];
        Assert.HasCount(2, tokens.Tokens);
        Assert.IsEmpty(tokens.Entities);
        Assert.IsEmpty(new XlmRobertaFillMask(Models.Shared("fill-mask")).Predict([""])[0]);
        var e = Assert.ThrowsExactly<ArgumentException>(() => extractor.EmbedIds([[0, 2], []]));
        StringAssert.Contains(e.Message, "Input 1");
    }

    [TestMethod]
    public void ConcurrentCallersGetIdenticalResults()
    {
        int[][] ids = E2eIds();
        string[] texts = [.. Models.E2e("feature-extraction").Select(c => c.GetProperty("text").GetString()!)];
        var extractor = new XlmRobertaFeatureExtractor(Models.Shared("feature-extraction"));
        EmbeddingResult[] expected = extractor.EmbedIds(ids);
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 8 }, worker =>
        {
            // Each worker sees a different subset and order, so batches differ between callers.
            int[] order = [.. Enumerable.Range(0, ids.Length).Where(i => (i + worker) % 3 != 0).Reverse()];
            EmbeddingResult[] actual = worker % 2 == 0
                ? extractor.EmbedIds([.. order.Select(i => ids[i])])
                : extractor.Embed([.. order.Select(i => texts[i])]);
            for (int k = 0; k < order.Length; k++)
            {
                float diff = ModelReference.MaxAbsDiff(expected[order[k]].Embedding, actual[k].Embedding);
                if (diff > 1e-5f)
                {
                    failures.Add($"worker {worker} input {order[k]}: {diff}");
                }
            }
        });
        Assert.IsEmpty(failures, string.Join("; ", failures));
    }

    [TestMethod]
    public void DisposeReleasesTheSessionAndLaterCallsThrow()
    {
        XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(SharedFixtures.Model("feature-extraction"));
        var extractor = new XlmRobertaFeatureExtractor(encoder);
        Assert.HasCount(1, extractor.EmbedIds([[0, 2]]));
        encoder.Dispose();
        encoder.Dispose();
        Assert.ThrowsExactly<ObjectDisposedException>(() => extractor.EmbedIds([[0, 2]]));
        Assert.IsEmpty(extractor.EmbedIds([]));
    }

    [TestMethod]
    public void CancellationIsHonouredBetweenBatches()
    {
        int[][] ids = E2eIds();
        using XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(SharedFixtures.Model("feature-extraction"), new XlmRobertaEncoderOptions { MaxBatchSize = 4, StreamingChunkSize = 8 });
        var extractor = new XlmRobertaFeatureExtractor(encoder);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsExactly<OperationCanceledException>(() => extractor.EmbedIds(ids, cancelled.Token));
        Assert.AreEqual(0, encoder.Statistics.Batches);

        using var midway = new CancellationTokenSource();
        int yielded = 0;
        Assert.ThrowsExactly<OperationCanceledException>(() =>
        {
            foreach (EmbeddingResult _ in extractor.EmbedIdsStream(ids, midway.Token))
            {
                if (++yielded == 3)
                {
                    midway.Cancel();
                }
            }
        });
        Assert.AreEqual(8, yielded, "the first chunk completes; the next one is cancelled before any batch");
    }

    [TestMethod]
    public async Task StreamingIsLazyOrderedAndEqualToBatchResults()
    {
        int[][] ids = E2eIds();
        using XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(SharedFixtures.Model("feature-extraction"), new XlmRobertaEncoderOptions { StreamingChunkSize = 10 });
        var extractor = new XlmRobertaFeatureExtractor(encoder);
        EmbeddingResult[] expected = extractor.EmbedIds(ids);
        int pulled = 0;
        IEnumerable<IReadOnlyList<int>> Source()
        {
            foreach (int[] row in ids)
            {
                pulled++;
                yield return row;
            }
        }

        using IEnumerator<EmbeddingResult> stream = extractor.EmbedIdsStream(Source()).GetEnumerator();
        Assert.AreEqual(0, pulled, "nothing is read before the first MoveNext");
        Assert.IsTrue(stream.MoveNext());
        Assert.AreEqual(10, pulled, "one chunk is read for the first result");
        int index = 0;
        do
        {
            Assert.IsLessThanOrEqualTo(index + 10, pulled);
            ModelReference.AssertClose(expected[index].Embedding, stream.Current.Embedding, 1e-5f, $"row {index}");
            index++;
        }
        while (stream.MoveNext());
        Assert.AreEqual(ids.Length, index);

        string[] texts = [.. Models.E2e("feature-extraction").Select(c => c.GetProperty("text").GetString()!)];
        async IAsyncEnumerable<string> AsyncTexts()
        {
            foreach (string text in texts)
            {
                await Task.Yield();
                yield return text;
            }
        }

        index = 0;
        await foreach (EmbeddingResult result in extractor.EmbedStreamAsync(AsyncTexts()))
        {
            ModelReference.AssertClose(expected[index++].Embedding, result.Embedding, 1e-5f, $"async row {index}");
        }

        Assert.AreEqual(texts.Length, index);
    }

    [TestMethod]
    public void StreamingReadAheadPadsLessAndKeepsResultsInOrder()
    {
        // Chunks of 4 holding lengths 5, 20, 35 and 50 pad whatever their cut; read ahead, equal lengths run together.
        int[] pattern = [5, 20, 35, 50];
        int[][] ids = [.. Enumerable.Range(0, 32).Select(i => (int[])[0, .. Enumerable.Range(0, pattern[i % 4] - 2).Select(j => 5 + ((i * 7 + j) % 200)), 2])];
        string folder = SharedFixtures.Model("feature-extraction");
        using XlmRobertaEncoder alone = XlmRobertaEncoder.Load(folder, new XlmRobertaEncoderOptions { MaxBatchSize = 4, StreamingChunkSize = 4 });
        using XlmRobertaEncoder ahead = XlmRobertaEncoder.Load(folder, new XlmRobertaEncoderOptions { MaxBatchSize = 4, StreamingChunkSize = 4, StreamingReadAhead = 12 });
        EmbeddingResult[] expected = new XlmRobertaFeatureExtractor(Models.Shared("feature-extraction")).EmbedIds(ids);
        int pulled = 0;
        IEnumerable<IReadOnlyList<int>> Source()
        {
            foreach (int[] row in ids)
            {
                pulled++;
                yield return row;
            }
        }

        int index = 0;
        foreach (EmbeddingResult result in new XlmRobertaFeatureExtractor(ahead).EmbedIdsStream(Source()))
        {
            Assert.AreEqual(Math.Min(ids.Length, ((index / 4) + 1) * 4 + 12), pulled, $"a chunk and 12 more are read for row {index}");
            ModelReference.AssertClose(expected[index].Embedding, result.Embedding, 1e-5f, $"row {index}");
            index++;
        }

        Assert.AreEqual(ids.Length, index);
        Assert.HasCount(ids.Length, new XlmRobertaFeatureExtractor(alone).EmbedIdsStream(ids).ToList());
        Assert.AreEqual(alone.Statistics.RealTokens, ahead.Statistics.RealTokens);
        Assert.AreEqual(ahead.Statistics.RealTokens, ahead.Statistics.PaddedTokens, "read ahead, every batch holds one length");
        Assert.IsGreaterThan(alone.Statistics.RealTokens, alone.Statistics.PaddedTokens, "chunks alone pad");

        // A bad input read ahead fails only in its own chunk, after the chunks before it.
        string[] texts = ["a", "b", "c", "d", "e", null!, "g"];
        using XlmRobertaEncoder small = XlmRobertaEncoder.Load(folder, new XlmRobertaEncoderOptions { StreamingChunkSize = 2, StreamingReadAhead = 4 });
        var seen = new List<EmbeddingResult>();
        Assert.ThrowsExactly<ArgumentNullException>(() =>
        {
            foreach (EmbeddingResult result in new XlmRobertaFeatureExtractor(small).EmbedStream(texts))
            {
                seen.Add(result);
            }
        });
        Assert.HasCount(4, seen, "the two chunks before the null text's");
    }

    [TestMethod]
    public void CudaIsEitherActiveOrATypedErrorAndFallbackIsOptIn()
    {
        string folder = SharedFixtures.Model("feature-extraction");
        try
        {
            using XlmRobertaEncoder cuda = XlmRobertaEncoder.Load(folder, new XlmRobertaEncoderOptions { ExecutionProvider = ExecutionProvider.Cuda });
            Assert.AreEqual(ExecutionProvider.Cuda, cuda.ExecutionProvider);
        }
        catch (ExecutionProviderUnavailableException e)
        {
            Assert.AreEqual(ExecutionProvider.Cuda, e.Provider);
            StringAssert.Contains(e.Message, "Cuda");
            Assert.IsNotNull(e.InnerException);
        }

        var reference = ModelReference.Load("feature-extraction");
        using XlmRobertaEncoder fallback = XlmRobertaEncoder.Load(
            folder, new XlmRobertaEncoderOptions { ExecutionProvider = ExecutionProvider.Cuda, AllowCpuFallback = true, IntraOpThreads = 1, GraphOptimizationLevel = Microsoft.ML.OnnxRuntime.GraphOptimizationLevel.ORT_DISABLE_ALL });
        float[] hidden = fallback.GetOutputs(reference.Rows("a"))[0];
        ModelReference.AssertClose(ModelReference.Floats(reference.Case("a").GetProperty("output").GetProperty("data")), hidden, ModelReference.Tolerance, "a after fallback");
    }
}

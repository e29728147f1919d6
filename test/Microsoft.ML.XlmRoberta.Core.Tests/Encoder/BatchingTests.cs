using System.Text.Json;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Pooling;
using Microsoft.ML.XlmRoberta.Tests.TestData;

namespace Microsoft.ML.XlmRoberta.Tests.Encoder;

/// <summary>Batching: planning is complete and within budget, and results never depend on batch composition.</summary>
[TestClass]
public sealed class BatchingTests
{
    private const float BatchInvariance = 1e-5f;

    [TestMethod]
    public void PlanCoversEveryRowOnceWithinBudgetShortestFirst()
    {
        int[] lengths = [5, 9, 2, 9, 7, 3, 3, 100, 1, 64, 64, 12];
        IReadOnlyList<BatchPlan> plans = BatchPlanner.Plan(lengths, maxBatchSize: 3, maxTokensPerBatch: 40);
        int[] seen = new int[lengths.Length];
        int previous = 0;
        foreach (BatchPlan plan in plans)
        {
            Assert.IsLessThanOrEqualTo(3, plan.Rows.Length);
            Assert.IsTrue(plan.Rows.Length == 1 || plan.Rows.Length * plan.SequenceLength <= 40, "token budget");
            foreach (int row in plan.Rows)
            {
                seen[row]++;
                Assert.IsLessThanOrEqualTo(plan.SequenceLength, lengths[row]);
                Assert.IsGreaterThanOrEqualTo(previous, lengths[row], "sorted by length");
                previous = lengths[row];
            }

            Assert.AreEqual(plan.SequenceLength, plan.Rows.Max(r => lengths[r]));
        }

        CollectionAssert.AreEqual(Enumerable.Repeat(1, lengths.Length).ToArray(), seen);
        Assert.IsEmpty(BatchPlanner.Plan([], 4, 100));
    }

    [TestMethod]
    public void ALongSequenceIsNotPaddedIntoABatchOfShortOnes()
    {
        // Greedy cutting would pad all sixteen rows to 500 tokens (8,000); the plan runs the long one alone (650).
        int[] lengths = [.. Enumerable.Repeat(10, 15), 500];
        IReadOnlyList<BatchPlan> plans = BatchPlanner.Plan(lengths, maxBatchSize: 16, maxTokensPerBatch: 1 << 20);
        Assert.HasCount(2, plans);
        Assert.AreEqual(10, plans[0].SequenceLength);
        Assert.HasCount(15, plans[0].Rows);
        CollectionAssert.AreEqual(new[] { 15 }, plans[1].Rows);
    }

    [TestMethod]
    public void PlanAheadRunsTheDueRowsAndTheReadAheadRowsOfTheirBatches()
    {
        var random = new Random(7);
        for (int trial = 0; trial < 200; trial++)
        {
            int n = random.Next(1, 60);
            int due = random.Next(0, n + 1);
            // Some lengths unknown (-1): a due one still runs, a read-ahead one waits for its turn.
            int[] lengths = Enumerable.Range(0, n).Select(_ => random.Next(8) == 0 ? -1 : random.Next(1, 100)).ToArray();
            int[] run = BatchPlanner.PlanAhead(lengths, due, maxBatchSize: 4, maxTokensPerBatch: 200);
            string context = $"trial {trial}: due {due} of [{string.Join(", ", lengths)}] -> [{string.Join(", ", run)}]";
            CollectionAssert.AreEqual(run.Order().Distinct().ToArray(), run, "ascending, each once; " + context);
            for (int i = 0; i < due; i++)
            {
                CollectionAssert.Contains(run, i, "every due row; " + context);
            }

            // The read-ahead rows chosen are exactly those that share a batch with a due row in the plan of all known rows.
            int[] known = Enumerable.Range(0, n).Where(i => lengths[i] >= 1).ToArray();
            var expected = new HashSet<int>(Enumerable.Range(0, due));
            foreach (BatchPlan plan in BatchPlanner.Plan(known.Select(i => lengths[i]).ToArray(), 4, 200))
            {
                if (plan.Rows.Any(r => known[r] < due))
                {
                    expected.UnionWith(plan.Rows.Select(r => known[r]));
                }
            }

            CollectionAssert.AreEqual(expected.Order().ToArray(), run, context);
        }

        // Read ahead, a due row of length 30 runs with the three others of its length rather than alone.
        CollectionAssert.AreEqual(new[] { 0, 3, 4, 5 }, BatchPlanner.PlanAhead([30, 5, 5, 30, 30, 30, 5, 5], 1, 4, 1000));
    }

    [TestMethod]
    public void PlanIsTheCheapestCutOfTheSortedRows()
    {
        // Every way of cutting the sorted rows into runs (2^(n-1) of them), checked against the plan's cost.
        var random = new Random(12);
        for (int trial = 0; trial < 200; trial++)
        {
            int n = random.Next(1, 11);
            int[] lengths = Enumerable.Range(0, n).Select(_ => random.Next(1, 160)).ToArray();
            int maxBatchSize = random.Next(1, 6);
            int budget = random.Next(100, 600);
            int[] sorted = lengths.Order().ToArray();
            long cheapest = long.MaxValue;
            for (int cuts = 0; cuts < 1 << (n - 1); cuts++)
            {
                long cost = 0;
                int start = 0;
                for (int end = 1; end <= n && cost != long.MaxValue; end++)
                {
                    if (end == n || (cuts & (1 << (end - 1))) != 0)
                    {
                        int rows = end - start;
                        bool fits = rows <= maxBatchSize && (rows == 1 || rows * sorted[end - 1] <= budget);
                        cost = fits ? cost + (rows * sorted[end - 1]) + BatchPlanner.CallCost : long.MaxValue;
                        start = end;
                    }
                }

                cheapest = Math.Min(cheapest, cost);
            }

            IReadOnlyList<BatchPlan> plans = BatchPlanner.Plan(lengths, maxBatchSize, budget);
            long planned = plans.Sum(p => ((long)p.Rows.Length * p.SequenceLength) + BatchPlanner.CallCost);
            Assert.AreEqual(cheapest, planned, $"trial {trial}: [{string.Join(", ", lengths)}], batch {maxBatchSize}, budget {budget}");
            Assert.AreEqual(n, plans.Sum(p => p.Rows.Length));
        }
    }

    [TestMethod]
    [DataRow(32, 8192)]
    [DataRow(1, 8192)]
    [DataRow(2, 8192)]
    [DataRow(32, 18)]
    public void CaseBRowsMatchReferenceUnderAnyBatching(int maxBatchSize, int tokenBudget)
    {
        var reference = ModelReference.Load("feature-extraction");
        JsonElement data = reference.Case("b").GetProperty("output").GetProperty("data");
        int[][] rows = reference.Rows("b");
        using XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(
            reference.Folder, new XlmRobertaEncoderOptions { MaxBatchSize = maxBatchSize, MaxTokensPerBatch = tokenBudget });
        float[][] hidden = encoder.GetOutputs(rows);
        for (int r = 0; r < rows.Length; r++)
        {
            ModelReference.AssertClose(ModelReference.Row(data, r).AsSpan(0, rows[r].Length * 32), hidden[r], ModelReference.Tolerance, $"row {r}");
        }
    }

    [TestMethod]
    public void ResultsDoNotDependOnBatchComposition()
    {
        IReadOnlyList<JsonElement> cases = Models.E2e("feature-extraction");
        int[][] ids = [.. cases.Select(c => Models.Ints(c.GetProperty("ids")))];
        var extractor = new XlmRobertaFeatureExtractor(Models.Shared("feature-extraction"), new FeatureExtractionOptions { IncludeTokenEmbeddings = true });
        EmbeddingResult[] together = extractor.EmbedIds(ids);
        var random = new Random(7);
        int[][] shuffled = [.. ids.OrderBy(_ => random.Next())];
        EmbeddingResult[] inShuffledBatch = extractor.EmbedIds(shuffled);
        for (int i = 0; i < ids.Length; i++)
        {
            EmbeddingResult alone = extractor.EmbedIds([ids[i]])[0];
            ModelReference.AssertClose(alone.Embedding, together[i].Embedding, BatchInvariance, $"case {i} alone vs batch");
            ModelReference.AssertClose(alone.TokenEmbeddings, together[i].TokenEmbeddings, BatchInvariance, $"case {i} tokens alone vs batch");
            int j = Array.IndexOf(shuffled, ids[i]);
            ModelReference.AssertClose(alone.Embedding, inShuffledBatch[j].Embedding, BatchInvariance, $"case {i} alone vs shuffled batch");
        }
    }

    [TestMethod]
    public void StatisticsCountPaddingAndRuns()
    {
        var reference = ModelReference.Load("feature-extraction");
        using XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(reference.Folder);
        encoder.GetOutputs(reference.Rows("b"));
        EncoderStatistics stats = encoder.Statistics;
        Assert.AreEqual(1, stats.Batches);
        Assert.AreEqual(3, stats.Sequences);
        Assert.AreEqual(16, stats.RealTokens);
        Assert.AreEqual(27, stats.PaddedTokens);
        Assert.IsGreaterThan(TimeSpan.Zero, stats.SessionRunTime);
    }
}

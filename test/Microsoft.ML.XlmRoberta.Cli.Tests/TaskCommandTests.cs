using System.Text;
using System.Text.Json;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Cli.Tests;

/// <summary>embed, classify, ner and fill-mask through the CLI against the end-to-end fixtures (Hugging Face's outputs).</summary>
[TestClass]
public sealed class TaskCommandTests
{
    private const float Tolerance = 1e-4f;

    [TestMethod]
    public void EmbedMatchesMeanAndNormalizedClsReferences()
    {
        IReadOnlyList<JsonElement> cases = SharedFixtures.ReadJsonLines("fixtures/e2e/feature-extraction.jsonl");
        AssertVectors(cases, Run("embed", "feature-extraction", cases, "--batch-size", "7"), "embedding", "mean");
        AssertVectors(cases, Run("embed", "feature-extraction", cases, "--pooling", "cls", "--normalize"), "embedding", "cls_l2");
    }

    [TestMethod]
    public void ClassifyMatchesLogitsProbabilitiesAndLabels()
    {
        IReadOnlyList<JsonElement> cases = SharedFixtures.ReadJsonLines("fixtures/e2e/text-classification.jsonl");
        IReadOnlyList<JsonElement> lines = Run("classify", "text-classification", cases);
        AssertVectors(cases, lines, "logits", "logits");
        AssertVectors(cases, lines, "probs", "probs");
        for (int i = 0; i < cases.Count; i++)
        {
            Assert.AreEqual(cases[i].GetProperty("label").GetString(), lines[i].GetProperty("label").GetString(), $"case {i}");
        }
    }

    [TestMethod]
    public void NerLabelsEveryTokenLikeHuggingFace()
    {
        IReadOnlyList<JsonElement> cases = SharedFixtures.ReadJsonLines("fixtures/e2e/token-classification.jsonl");
        IReadOnlyList<JsonElement> lines = Run("ner", "token-classification", cases, "--aggregation", "none");
        for (int i = 0; i < cases.Count; i++)
        {
            string[] expected = cases[i].GetProperty("labels").EnumerateArray().Select(e => e.GetString()!).ToArray();
            string[] actual = lines[i].GetProperty("tokens").EnumerateArray().Select(t => t.GetProperty("label").GetString()!).ToArray();
            CollectionAssert.AreEqual(expected, actual, $"case {i}: {cases[i].GetProperty("text")}");
        }
    }

    [TestMethod]
    public void FillMaskTop5MatchesIdsTokensAndProbabilities()
    {
        IReadOnlyList<JsonElement> cases = SharedFixtures.ReadJsonLines("fixtures/e2e/fill-mask.jsonl");
        IReadOnlyList<JsonElement> lines = Run("fill-mask", "fill-mask", cases, "--top-k", "5");
        for (int i = 0; i < cases.Count; i++)
        {
            JsonElement[] expectedMasks = cases[i].GetProperty("top5").EnumerateArray().ToArray();
            JsonElement[] actualMasks = lines[i].GetProperty("masks").EnumerateArray().ToArray();
            Assert.AreEqual(expectedMasks.Length, actualMasks.Length, $"case {i}");
            for (int m = 0; m < expectedMasks.Length; m++)
            {
                JsonElement[] expected = expectedMasks[m].EnumerateArray().ToArray();
                JsonElement[] actual = actualMasks[m].EnumerateArray().ToArray();
                for (int k = 0; k < expected.Length; k++)
                {
                    Assert.AreEqual(expected[k].GetProperty("id").GetInt32(), actual[k].GetProperty("id").GetInt32(), $"case {i} mask {m} rank {k}");
                    Assert.AreEqual(expected[k].GetProperty("token").GetString(), actual[k].GetProperty("token").GetString(), $"case {i} mask {m} rank {k}");
                    Assert.AreEqual(expected[k].GetProperty("prob").GetSingle(), actual[k].GetProperty("score").GetSingle(), Tolerance);
                }
            }
        }
    }

    private static IReadOnlyList<JsonElement> Run(string command, string model, IReadOnlyList<JsonElement> cases, params string[] extra)
    {
        var stdin = new StringBuilder();
        foreach (JsonElement c in cases)
        {
            stdin.AppendLine(CliRunner.JsonLine(c.GetProperty("text").GetString()!));
        }

        CliRunner.Result result = CliRunner.Run(stdin.ToString(), [command, "--model", SharedFixtures.Model(model), "--quiet", .. extra]);
        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        Assert.AreEqual(cases.Count, result.Lines.Count);
        return result.Lines;
    }

    private static void AssertVectors(IReadOnlyList<JsonElement> cases, IReadOnlyList<JsonElement> lines, string actualMember, string expectedMember)
    {
        for (int i = 0; i < cases.Count; i++)
        {
            float[] expected = cases[i].GetProperty(expectedMember).EnumerateArray().Select(e => e.GetSingle()).ToArray();
            float[] actual = lines[i].GetProperty(actualMember).EnumerateArray().Select(e => e.GetSingle()).ToArray();
            Assert.AreEqual(expected.Length, actual.Length, $"case {i}");
            for (int j = 0; j < expected.Length; j++)
            {
                Assert.AreEqual(expected[j], actual[j], Tolerance, $"case {i} ({cases[i].GetProperty("text")}) {expectedMember}[{j}]");
            }
        }
    }
}

using System.Text.Json;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Tests.TestData;

/// <summary>Fixture models and texts for the ML.NET tests (all through <see cref="SharedFixtures"/>).</summary>
internal static class Fixtures
{
    public static string FeatureExtractionModel => SharedFixtures.Model("feature-extraction");

    public static string TextClassificationModel => SharedFixtures.Model("text-classification");

    public static string TokenClassificationModel => SharedFixtures.Model("token-classification");

    public static string FeatureExtractionOnnx => SharedFixtures.File("fixtures/models/feature-extraction/onnx/model.onnx");

    /// <summary>The e2e reference rows of a task (<c>fixtures/e2e/{task}.jsonl</c>).</summary>
    public static IReadOnlyList<JsonElement> EndToEnd(string task) => SharedFixtures.ReadJsonLines($"fixtures/e2e/{task}.jsonl");

    /// <summary>The corpus texts of <c>tokenizer/cases.jsonl</c> (edge cases excluded).</summary>
    public static IReadOnlyList<JsonElement> Cases() => SharedFixtures.ReadJsonLines("fixtures/tokenizer/cases.jsonl");

    public static float[] Floats(JsonElement array)
    {
        var values = new float[array.GetArrayLength()];
        int i = 0;
        foreach (JsonElement v in array.EnumerateArray())
        {
            values[i++] = v.GetSingle();
        }

        return values;
    }

    public static void AssertClose(IReadOnlyList<float> expected, IReadOnlyList<float> actual, float tolerance, string what)
    {
        Assert.HasCount(expected.Count, actual, what);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.AreEqual(expected[i], actual[i], tolerance, $"{what}[{i}]");
        }
    }
}

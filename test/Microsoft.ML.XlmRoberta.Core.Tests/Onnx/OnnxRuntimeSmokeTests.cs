using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Tests.Onnx;

/// <summary>ONNX Runtime itself, whichever way it was obtained, reproduces Hugging Face's PyTorch outputs.</summary>
[TestClass]
public sealed class OnnxRuntimeSmokeTests
{
    [TestMethod]
    public void FeatureExtractionCaseAMatchesPyTorchReference()
    {
        string folder = SharedFixtures.Model("feature-extraction");
        using JsonDocument reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "reference.json")));
        JsonElement caseA = reference.RootElement.GetProperty("cases").GetProperty("a");
        long[] ids = Flatten(caseA.GetProperty("input_ids")).Select(e => e.GetInt64()).ToArray();
        long[] mask = Flatten(caseA.GetProperty("attention_mask")).Select(e => e.GetInt64()).ToArray();
        float[] expected = Flatten(caseA.GetProperty("output").GetProperty("data")).Select(e => e.GetSingle()).ToArray();

        using var session = new InferenceSession(Path.Combine(folder, "onnx", "model.onnx"));
        long[] shape = [1, ids.Length];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(
            runOptions, ["input_ids", "attention_mask"], [idsValue, maskValue], ["last_hidden_state"]);

        OrtValue hidden = outputs[0];
        CollectionAssert.AreEqual(new long[] { 1, ids.Length, 32 }, hidden.GetTensorTypeAndShape().Shape);
        ReadOnlySpan<float> actual = hidden.GetTensorDataAsSpan<float>();
        Assert.AreEqual(expected.Length, actual.Length);
        float maxDiff = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            maxDiff = Math.Max(maxDiff, Math.Abs(expected[i] - actual[i]));
        }

        Assert.IsTrue(maxDiff <= 1e-4f, $"max |ORT - PyTorch| = {maxDiff}");
    }

    private static IEnumerable<JsonElement> Flatten(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            yield return element;
            yield break;
        }

        foreach (JsonElement child in element.EnumerateArray())
        {
            foreach (JsonElement leaf in Flatten(child))
            {
                yield return leaf;
            }
        }
    }
}

using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.XlmRoberta.Tests.TestData;

namespace Microsoft.ML.XlmRoberta.Tests.Onnx;

/// <summary>ONNX Runtime itself, whichever way it was obtained, reproduces Hugging Face's PyTorch outputs.</summary>
[TestClass]
public sealed class OnnxRuntimeSmokeTests
{
    [TestMethod]
    public void FeatureExtractionCaseAMatchesPyTorchReference()
    {
        var reference = ModelReference.Load("feature-extraction");
        JsonElement caseA = reference.Case("a");
        long[] ids = [.. ModelReference.Flatten(caseA.GetProperty("input_ids")).Select(e => e.GetInt64())];
        long[] mask = [.. ModelReference.Flatten(caseA.GetProperty("attention_mask")).Select(e => e.GetInt64())];
        float[] expected = ModelReference.Floats(caseA.GetProperty("output").GetProperty("data"));

        using var session = new InferenceSession(Path.Combine(reference.Folder, "onnx", "model.onnx"));
        long[] shape = [1, ids.Length];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(
            runOptions, ["input_ids", "attention_mask"], [idsValue, maskValue], ["last_hidden_state"]);

        OrtValue hidden = outputs[0];
        CollectionAssert.AreEqual(new long[] { 1, ids.Length, 32 }, hidden.GetTensorTypeAndShape().Shape);
        ModelReference.AssertClose(expected, hidden.GetTensorDataAsSpan<float>(), ModelReference.Tolerance, "last_hidden_state");
    }
}

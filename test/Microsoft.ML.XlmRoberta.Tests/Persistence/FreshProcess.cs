using System.Text.Json;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Tests.Persistence;

/// <summary>Runs the ModelLoader program (built beside the tests) in a new process: load a saved model and predict.</summary>
internal static class FreshProcess
{
    public static JsonDocument LoadAndPredict(string modelPath, IReadOnlyDictionary<string, string[]> columns, string[] outputs, bool restore)
    {
        string loader = ChildProcess.SiblingProgram("Microsoft.ML.XlmRoberta.Tests.ModelLoader");
        string input = Path.Combine(Path.GetTempPath(), $"xlmr-load-{Guid.NewGuid():N}.json");
        string output = Path.ChangeExtension(input, ".out.json");
        File.WriteAllText(input, JsonSerializer.Serialize(new { columns, outputs, restore }));
        try
        {
            ChildProcessResult result = ChildProcess.Run(
                ChildProcess.DotNet, [loader, modelPath, input, output], AppContext.BaseDirectory, timeout: TimeSpan.FromMinutes(3));
            Assert.AreEqual(0, result.ExitCode, $"loader failed: {result.Transcript}");
            return JsonDocument.Parse(File.ReadAllText(output));
        }
        finally
        {
            File.Delete(input);
            File.Delete(output);
        }
    }
}

using System.Diagnostics;
using System.Text.Json;

namespace Microsoft.ML.XlmRoberta.Tests.Persistence;

/// <summary>Runs the ModelLoader program (built beside the tests) in a new process: load a saved model and predict.</summary>
internal static class FreshProcess
{
    public static JsonDocument LoadAndPredict(string modelPath, IReadOnlyDictionary<string, string[]> columns, string[] outputs, bool restore)
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string loader = Path.Combine(bin.Parent!.Parent!.FullName, "Microsoft.ML.XlmRoberta.Tests.ModelLoader", bin.Name, "Microsoft.ML.XlmRoberta.Tests.ModelLoader.dll");
        Assert.IsTrue(File.Exists(loader), $"The model loader program is missing: {loader}");
        string input = Path.Combine(Path.GetTempPath(), $"xlmr-load-{Guid.NewGuid():N}.json");
        string output = Path.ChangeExtension(input, ".out.json");
        File.WriteAllText(input, JsonSerializer.Serialize(new { columns, outputs, restore }));
        try
        {
            var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            if (!Path.GetFileNameWithoutExtension(start.FileName).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            {
                start.FileName = "dotnet";
            }

            start.ArgumentList.Add(loader);
            start.ArgumentList.Add(modelPath);
            start.ArgumentList.Add(input);
            start.ArgumentList.Add(output);
            using Process process = Process.Start(start)!;
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Assert.IsTrue(process.WaitForExit(TimeSpan.FromMinutes(3)), "the loader did not finish in 3 minutes");
            Assert.AreEqual(0, process.ExitCode, $"loader failed: {stderr.Result} {stdout.Result}");
            return JsonDocument.Parse(File.ReadAllText(output));
        }
        finally
        {
            File.Delete(input);
            File.Delete(output);
        }
    }
}

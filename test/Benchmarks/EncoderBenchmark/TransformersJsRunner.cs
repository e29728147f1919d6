using System.Diagnostics;
using System.Text.Json;

namespace Microsoft.ML.XlmRoberta.Benchmarks;

/// <summary>Runs transformers-js-bench.mjs in node on the same folder, texts, batch size and threads.</summary>
internal static class TransformersJsRunner
{
    public sealed record Result(double[] Seconds, long Tokens, int Texts);

    /// <summary>The result, or the reason it could not run.</summary>
    public static (Result? Result, string? Error) Run(string modulePath, string modelFolder, string[] texts, int batchSize, int threads, int repetitions, bool sorted)
    {
        if (!File.Exists(modulePath))
        {
            return (null, $"transformers.js not found at '{modulePath}' (see README.md: npm install --ignore-scripts @huggingface/transformers@4.3.1)");
        }

        if (!File.Exists(Path.Combine(modelFolder, "tokenizer.json")))
        {
            return (null, $"'{modelFolder}' has no tokenizer.json, which transformers.js requires (it cannot read sentencepiece.bpe.model); " +
                          "create it with make_tokenizer_json.py (see README.md)");
        }

        string request = Path.Combine(Path.GetTempPath(), $"xlmr-tjs-{Environment.ProcessId}.json");
        File.WriteAllText(request, JsonSerializer.Serialize(new { modulePath, modelFolder, texts, batchSize, threads, repetitions, sorted }));
        try
        {
            var start = new ProcessStartInfo("node", [Path.Combine(AppContext.BaseDirectory, "transformers-js-bench.mjs"), request])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using Process process = Process.Start(start)!;
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                return (null, $"node exited with {process.ExitCode}: {stderr.Result.Trim()}");
            }

            using JsonDocument doc = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
            JsonElement root = doc.RootElement;
            return (new Result(
                [.. root.GetProperty("seconds").EnumerateArray().Select(e => e.GetDouble())],
                root.GetProperty("tokens").GetInt64(),
                root.GetProperty("texts").GetInt32()), null);
        }
        finally
        {
            File.Delete(request);
        }
    }
}

using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Benchmarks.Serve;

/// <summary>
/// A base-shaped random-weight XLM-R (12 layers, hidden 768, vocabulary 250,002) made once with
/// <c>../shared/tools/make_xlmr_onnx.py --preset base</c> under <c>artifacts/serve-bench/xlmr-base</c>, with the
/// fixture tokenizer files copied beside it.
/// </summary>
internal static class BaseModel
{
    public static string Ensure()
    {
        string folder = Path.Combine(SharedFixtures.RepositoryRoot, "artifacts", "serve-bench", "xlmr-base");
        if (File.Exists(Path.Combine(folder, "onnx", "model.onnx")) && File.Exists(Path.Combine(folder, "sentencepiece.bpe.model")))
        {
            return folder;
        }

        Console.WriteLine($"  making the base-shaped model in '{folder}' (once; a few minutes)");
        ChildProcessResult made = ChildProcess.Run(
            "/usr/bin/python3", [SharedFixtures.File("tools/make_xlmr_onnx.py"), "--preset", "base", "--out", folder], Environment.CurrentDirectory, timeout: TimeSpan.FromMinutes(30));
        if (made.ExitCode != 0)
        {
            throw new InvalidOperationException($"make_xlmr_onnx.py failed: {made.Transcript}");
        }

        string tokenizer = SharedFixtures.Model("feature-extraction");
        foreach (string file in new[] { "sentencepiece.bpe.model", "tokenizer_config.json", "special_tokens_map.json" })
        {
            File.Copy(Path.Combine(tokenizer, file), Path.Combine(folder, file), overwrite: true);
        }

        return folder;
    }
}

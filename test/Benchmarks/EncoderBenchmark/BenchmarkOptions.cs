namespace Microsoft.ML.XlmRoberta.Benchmarks;

/// <summary>Command-line options (all <c>--name value</c>).</summary>
internal sealed record BenchmarkOptions(
    string Model, int Texts, int BatchSize, int Threads, int Repetitions, int MemoryTexts, string? TransformersJs, string? TinyModel, string? Corpus, bool JsSorted, string? Xlmr, bool Spinning)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Expected --name value pairs, got '{args[i]}'.");
            }

            values[args[i][2..]] = args[i + 1];
        }

        string Get(string name, string fallback) => values.TryGetValue(name, out string? v) ? v : fallback;
        return new BenchmarkOptions(
            Get("model", "/tmp/xlmr-base"),
            int.Parse(Get("texts", "320")),
            int.Parse(Get("batch", "8")),
            int.Parse(Get("threads", "2")),
            int.Parse(Get("repetitions", "5")),
            int.Parse(Get("memory-texts", "100000")),
            values.TryGetValue("transformers-js", out string? js) ? (js == "none" ? null : js) : "/tmp/tjs/node_modules/@huggingface/transformers/dist/transformers.node.mjs",
            values.GetValueOrDefault("tiny-model"),
            values.GetValueOrDefault("corpus"),
            bool.Parse(Get("js-sorted", "false")),
            values.TryGetValue("xlmr", out string? cli)
                ? (cli == "none" ? null : cli)
                : Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "Microsoft.ML.XlmRoberta.Cli", "release", "xlmr.dll")),
            bool.Parse(Get("spinning", "false")));
    }
}

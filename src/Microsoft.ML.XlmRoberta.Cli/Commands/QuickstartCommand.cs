using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.XlmRoberta.Cli.Io;
using Microsoft.ML.XlmRoberta.Cli.Models;
using Microsoft.ML.XlmRoberta.Cli.Rows;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Heads;
using Microsoft.ML.XlmRoberta.Pooling;

namespace Microsoft.ML.XlmRoberta.Cli.Commands;

/// <summary>
/// <c>xlmr quickstart</c>: the first thing a newcomer runs. Embeds the multilingual sample sentences, finds each one's
/// nearest neighbour, classifies the sample sentence pairs, writes both result files and prints a summary.
/// </summary>
internal static class QuickstartCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string?>("--model", "-m") { Description = "Feature-extraction model folder (default: $XLMR_MODEL, then a cached FacebookAI/xlm-roberta-base export, then the fixture model)." };
        var classifierModel = new Option<string?>("--classifier-model") { Description = "Sequence-classification model folder (default: the fixture model in a checkout; without one, pair classification is skipped)." };
        var samples = new Option<string?>("--samples") { Description = "Folder with multilingual.jsonl and pairs.jsonl (default: samples/data of this checkout, else the copy shipped with the tool)." };
        var output = new Option<string>("--output", "-o") { Description = "Folder for the results.", DefaultValueFactory = _ => "out" };
        var command = new Command("quickstart", """
            Embed the multilingual sample sentences and classify the sample sentence pairs with the default models, write
            out/embeddings.jsonl and out/classifications.jsonl, and print a summary (counts, throughput, nearest
            neighbours, where the output went).

            Example:
              dotnet run --project src/Microsoft.ML.XlmRoberta.Cli -c Release -- quickstart
            """);
        command.Options.Add(model);
        command.Options.Add(classifierModel);
        command.Options.Add(samples);
        command.Options.Add(output);
        command.SetAction(result =>
        {
            string samplesFolder = FindSamples(result.GetValue(samples), context);
            string outputFolder = Path.GetFullPath(result.GetValue(output)!, context.CurrentDirectory);
            CreateOutputFolder(outputFolder);
            TextWriter log = context.StandardError;

            string embedModel = ModelLocator.Resolve(result.GetValue(model), "feature-extraction", context);
            string embeddings = Path.Combine(outputFolder, "embeddings.jsonl");
            List<InputRecord> sentences = ReadAll(Path.Combine(samplesFolder, "multilingual.jsonl"));
            float[][] vectors;
            using (XlmRobertaEncoder encoder = Load(embedModel))
            {
                var extractor = new XlmRobertaFeatureExtractor(encoder, new FeatureExtractionOptions { Pooling = PoolingMode.Mean, Normalize = true });
                var clock = Stopwatch.StartNew();
                EmbeddingResult[] results = extractor.Embed(EncodingBatch.Texts(sentences));
                clock.Stop();
                vectors = Array.ConvertAll(results, r => r.Embedding);
                WriteJsonLines(embeddings, sentences, i => new EmbeddingRow(vectors[i]));
                long tokens = 0;
                foreach (EmbeddingResult r in results)
                {
                    tokens += r.TokenCount;
                }

                log.WriteLine(Invariant($"embedded {sentences.Count} sentences ({tokens} tokens, {vectors[0].Length} dimensions) in {clock.Elapsed.TotalSeconds:F2} s: {sentences.Count / clock.Elapsed.TotalSeconds:F1} texts/s, {tokens / clock.Elapsed.TotalSeconds:F0} tokens/s"));
                log.WriteLine($"  model: {embedModel}");
                log.WriteLine($"  -> {embeddings}");
            }

            WriteNeighbours(log, sentences, vectors);

            string? classifyModel = result.GetValue(classifierModel) is { } given
                ? ModelLocator.Resolve(given, "text-classification", context)
                : ModelLocator.FindDefaultModel("text-classification", context);
            if (classifyModel is null)
            {
                log.WriteLine("skipped pair classification: no sequence-classification model (pass --classifier-model DIR).");
            }
            else
            {
                string classifications = Path.Combine(outputFolder, "classifications.jsonl");
                List<InputRecord> pairs = ReadAll(Path.Combine(samplesFolder, "pairs.jsonl"));
                using (XlmRobertaEncoder encoder = Load(classifyModel))
                {
                    var classifier = new XlmRobertaSequenceClassifier(encoder);
                    var clock = Stopwatch.StartNew();
                    ClassificationResult[] results = classifier.ClassifyEncodings(EncodingBatch.Tokenize(encoder, pairs));
                    clock.Stop();
                    WriteJsonLines(classifications, pairs, i => new ClassificationRow(results[i], WithLogits: false));
                    log.WriteLine(Invariant($"classified {pairs.Count} sentence pairs in {clock.Elapsed.TotalSeconds:F2} s ({string.Join(", ", CountLabels(results))})"));
                    log.WriteLine($"  model: {classifyModel}");
                    log.WriteLine($"  -> {classifications}");
                }
            }

            if (embedModel.Contains(Path.Combine("fixtures", "models"), StringComparison.Ordinal))
            {
                log.WriteLine("note: the default models are the tiny random-weight test fixtures, so the numbers show the plumbing, not meaning.");
                log.WriteLine("      For real results: " + ModelLocator.HowToGetAModel + ".");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static XlmRobertaEncoder Load(string folder) => ModelLoading.Load(() => XlmRobertaEncoder.Load(folder), folder);

    private static string FindSamples(string? given, CliContext context)
    {
        if (given is not null)
        {
            string full = Path.GetFullPath(given, context.CurrentDirectory);
            return Directory.Exists(full) ? full : throw new CliException(ExitCodes.InputError, $"samples folder '{full}' does not exist.");
        }

        // A checkout's samples/data, else the copy shipped inside the tool (see the project file).
        string? root = ModelLocator.FindRepositoryRoot(context);
        string? samples = root is null ? null : Path.Combine(root, "samples", "data");
        if (samples is not null && File.Exists(Path.Combine(samples, "multilingual.jsonl")))
        {
            return samples;
        }

        string shipped = Path.Combine(AppContext.BaseDirectory, "samples");
        return File.Exists(Path.Combine(shipped, "multilingual.jsonl"))
            ? shipped
            : throw new CliException(ExitCodes.InputError, $"cannot find the sample texts (samples/data of a checkout, or {shipped}); pass --samples DIR.");
    }

    private static void CreateOutputFolder(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.OutputError, $"cannot create output folder '{folder}': {e.Message}", e);
        }
    }

    private static List<InputRecord> ReadAll(string path)
    {
        using var reader = new Utf8LineReader(File.OpenRead(path), ownsStream: true);
        var records = new List<InputRecord>();
        foreach (RecordResult r in new JsonLinesInput(reader, path).Read())
        {
            records.Add(r.Error is null ? r.Record : throw new CliException(ExitCodes.InputError, r.Error.Message, r.Error));
        }

        return records;
    }

    private static void WriteJsonLines(string path, List<InputRecord> records, Func<int, IOutputRow> result)
    {
        OutputFile? file = null;
        try
        {
            // Beside the target and renamed over it at the end, as every command's output: a failure keeps the old file.
            file = OutputFile.Create(path, wrap: null);
            using var output = new JsonLinesOutput(file.Stream, ownsStream: false);
            for (int i = 0; i < records.Count; i++)
            {
                output.Write(records[i], new SampleRow(records[i], result(i)));
            }

            output.Flush();
            file.Commit();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            file?.Discard();
            throw new CliException(ExitCodes.OutputError, $"cannot write '{path}': {e.Message}", e);
        }
    }

    private static void WriteNeighbours(TextWriter log, List<InputRecord> sentences, float[][] vectors)
    {
        log.WriteLine("nearest neighbour by cosine similarity (first 5 sentences):");
        for (int i = 0; i < Math.Min(5, vectors.Length); i++)
        {
            int best = -1;
            float bestScore = float.NegativeInfinity;
            for (int j = 0; j < vectors.Length; j++)
            {
                float score = j == i ? float.NegativeInfinity : System.Numerics.Tensors.TensorPrimitives.Dot<float>(vectors[i], vectors[j]);
                if (score > bestScore)
                {
                    (best, bestScore) = (j, score);
                }
            }

            log.WriteLine(Invariant($"  {bestScore,6:F3}  {sentences[i].Text}  ->  {sentences[best].Text}"));
        }
    }

    private static List<string> CountLabels(ClassificationResult[] results)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (ClassificationResult r in results)
        {
            counts[r.Label] = counts.GetValueOrDefault(r.Label) + 1;
        }

        var parts = new List<string>();
        foreach ((string label, int count) in counts)
        {
            parts.Add($"{count} {label}");
        }

        return parts;
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

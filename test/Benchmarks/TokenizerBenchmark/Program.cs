using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.ML.XlmRoberta.TestSupport;
using Microsoft.ML.XlmRoberta.Tokenization;
using MLTokenizer = Microsoft.ML.Tokenizers.SentencePieceTokenizer;

// Single-thread tokenizer throughput on three corpora, each row measured side by side in one run:
//   ours (sentencepiece.bpe.model), ours (tokenizer.json), Microsoft.ML.Tokenizers' SentencePieceTokenizer and
//   SentencePiece's own C++ spm_encode (Debian package `sentencepiece`), all on the same model and lines.
// Rounds are interleaved (every tokenizer on every corpus, then the next round) and the medians are reported, with
// ratios against spm_encode and Microsoft.ML.Tokenizers from the same run, allocations per token and load times.
// Each pass of ours starts from a freshly loaded tokenizer (load not timed), so its word cache starts empty, as on text
// it has never seen; Microsoft.ML.Tokenizers keeps no cache.
// Corpora: "repeated" = the cases.jsonl texts repeated to ~4M chars (the word cache's best case); "unique" =
// fixtures/corpus/unique.txt (100k distinct gettext strings); "cold" = unique_cold.txt (letters shuffled per word).
// Usage: dotnet run -c Release --project test/Benchmarks/TokenizerBenchmark [-- --rounds N] [-- --long-line MB]
//   [--corpora repeated,unique,cold] [--runners ours,json,ml,spm] (subsets, for quick comparisons while iterating)
int rounds = 5;
int longLineMb = 0;
string[] corpusNames = ["repeated", "unique", "cold"];
string[] runnerNames = ["ours", "json", "ml", "spm"];
for (int a = 0; a < args.Length - 1; a++)
{
    if (args[a] == "--rounds")
    {
        rounds = int.Parse(args[a + 1], System.Globalization.CultureInfo.InvariantCulture);
    }
    else if (args[a] == "--long-line")
    {
        longLineMb = int.Parse(args[a + 1], System.Globalization.CultureInfo.InvariantCulture);
    }
    else if (args[a] == "--corpora")
    {
        corpusNames = args[a + 1].Split(',');
    }
    else if (args[a] == "--runners")
    {
        runnerNames = args[a + 1].Split(',');
    }
}

string modelFolder = SharedFixtures.Model("feature-extraction");
string modelFile = Path.Combine(modelFolder, XlmRobertaTokenizer.SentencePieceModelFileName);
if (longLineMb > 0)
{
    LongLine.Run(modelFolder, longLineMb);
    return;
}

string dir = Path.Combine(Path.GetTempPath(), "xlmr-tokenizer-benchmark");
Directory.CreateDirectory(dir);
var corpora = new List<Corpus>();
if (corpusNames.Contains("repeated"))
{
    corpora.Add(Corpus.Repeated(dir));
}

if (corpusNames.Contains("unique"))
{
    corpora.Add(Corpus.FromFile("unique", SharedFixtures.File("fixtures/corpus/unique.txt")));
}

if (corpusNames.Contains("cold"))
{
    corpora.Add(Corpus.FromFile("cold", SharedFixtures.File("fixtures/corpus/unique_cold.txt")));
}

string oneLine = Path.Combine(dir, "one-line.txt");
File.WriteAllText(oneLine, "x\n", new UTF8Encoding(false));
foreach (Corpus c in corpora)
{
    Console.WriteLine($"corpus {c.Name}: {c.Lines.Length:N0} lines, {c.Chars:N0} UTF-16 chars ({c.File})");
}

// Load times (median of 5 fresh loads each, after one warm-up load).
XlmRobertaTokenizer ours = XlmRobertaTokenizer.FromModelFolder(modelFolder);
MLTokenizer theirs = CreateTheirs(modelFile);
double loadOurs = Median(Enumerable.Range(0, 5).Select(_ => Time(() => XlmRobertaTokenizer.FromModelFolder(modelFolder))));
double loadJson = Median(Enumerable.Range(0, 5).Select(_ => Time(() => XlmRobertaTokenizer.FromModelFolder(modelFolder, XlmRobertaTokenizerSource.TokenizerJson))));
double loadTheirs = Median(Enumerable.Range(0, 5).Select(_ => Time(() => CreateTheirs(modelFile))));
double spmStartup = runnerNames.Contains("spm") ? Median(Enumerable.Range(0, 5).Select(_ => Spm.Run(modelFile, oneLine, Path.Combine(dir, "ids.txt")))) : double.NaN;

// Exactness on these corpora: lines where Microsoft.ML.Tokenizers' ids (shifted to XLM-R's) differ from ours.
foreach (Corpus c in corpora.Where(c => c.Name != "repeated"))
{
    int differ = 0;
    var ids = new List<int>();
    foreach (string line in c.Lines)
    {
        ids.Clear();
        ours.EncodeToIds(line, ids, null, addSpecialTokens: false);
        IReadOnlyList<int> t = theirs.EncodeToIds(line, false, false);
        bool same = t.Count == ids.Count;
        for (int i = 0; same && i < t.Count; i++)
        {
            same = (t[i] == 0 ? 3 : t[i] + 1) == ids[i];
        }

        differ += same ? 0 : 1;
    }

    Console.WriteLine($"corpus {c.Name}: Microsoft.ML.Tokenizers differs from ours on {differ:N0} of {c.Lines.Length:N0} lines");
}

var runners = new (string Key, string Name, Func<Corpus, Sample> Run)[]
{
    ("ours", "ours", c => RunOurs(XlmRobertaTokenizer.FromModelFolder(modelFolder), c)),
    ("json", "ours (tokenizer.json)", c => RunOurs(XlmRobertaTokenizer.FromModelFolder(modelFolder, XlmRobertaTokenizerSource.TokenizerJson), c)),
    ("ml", "Microsoft.ML.Tokenizers", c => RunTheirs(theirs, c)),
    ("spm", "spm_encode", c => new Sample(Spm.Run(modelFile, c.File, Path.Combine(dir, "ids.txt")) - spmStartup, Spm.CountTokens(Path.Combine(dir, "ids.txt")), 0)),
}.Where(r => runnerNames.Contains(r.Key)).Select(r => (r.Name, r.Run)).ToArray();
var samples = new Dictionary<(string, string), List<Sample>>();
for (int round = 0; round < rounds; round++)
{
    foreach (Corpus c in corpora)
    {
        foreach ((string name, Func<Corpus, Sample> run) in runners)
        {
            GC.Collect();
            Sample s = run(c);
            if (!samples.TryGetValue((c.Name, name), out List<Sample>? list))
            {
                samples[(c.Name, name)] = list = [];
            }

            list.Add(s);
        }
    }

    Console.Error.Write($"round {round + 1}/{rounds} ");
}

Console.Error.WriteLine();
Console.WriteLine();
Console.WriteLine($"Medians of {rounds} interleaved rounds, one thread. MB/s = million UTF-16 chars per second; ratios from the same run;");
Console.WriteLine("ours starts every timed pass with an empty word cache; its allocations are those of a second, steady-state pass.");
Console.WriteLine("| corpus | tokenizer | MB/s | tokens/s | vs spm_encode | vs Microsoft.ML.Tokenizers | bytes allocated/token | tokens |");
Console.WriteLine("|---|---|---|---|---|---|---|---|");
foreach (Corpus c in corpora)
{
    double spm = samples.TryGetValue((c.Name, "spm_encode"), out List<Sample>? spmSamples) ? Median(spmSamples.Select(s => s.Seconds)) : double.NaN;
    double ml = samples.TryGetValue((c.Name, "Microsoft.ML.Tokenizers"), out List<Sample>? mlSamples) ? Median(mlSamples.Select(s => s.Seconds)) : double.NaN;
    foreach ((string name, _) in runners)
    {
        List<Sample> list = samples[(c.Name, name)];
        double seconds = Median(list.Select(s => s.Seconds));
        long tokens = list[^1].Tokens;
        string alloc = name == "spm_encode" ? "n/a" : (Median(list.Select(s => (double)s.Allocated)) / tokens).ToString("F3", System.Globalization.CultureInfo.InvariantCulture);
        Console.WriteLine($"| {c.Name} | {name} | {c.Chars / seconds / 1e6:F2} | {tokens / seconds / 1e6:F2}M | {spm / seconds:F2}x | {ml / seconds:F2}x | {alloc} | {tokens:N0} |");
    }
}

Console.WriteLine();
Console.WriteLine($"Load (median of 5): ours {loadOurs * 1000:F0} ms (sentencepiece.bpe.model), {loadJson * 1000:F0} ms (tokenizer.json); Microsoft.ML.Tokenizers {loadTheirs * 1000:F0} ms; spm_encode start-up + load {spmStartup * 1000:F0} ms (subtracted from its rows).");
Console.WriteLine("Token counts differ where Hugging Face splits out special-token literals that SentencePiece encodes as text, and where Microsoft.ML.Tokenizers does not merge unknown runs.");

static MLTokenizer CreateTheirs(string modelFile)
{
    using FileStream stream = File.OpenRead(modelFile);
    return MLTokenizer.Create(stream, false, false);
}

static Sample RunOurs(XlmRobertaTokenizer tokenizer, Corpus corpus)
{
    var ids = new List<int>(1 << 16);
    foreach (string line in corpus.Lines.Take(64))
    {
        tokenizer.EncodeToIds(line, ids, null, addSpecialTokens: false);
    }

    var sw = Stopwatch.StartNew();
    long tokens = 0;
    foreach (string line in corpus.Lines)
    {
        ids.Clear();
        tokens += tokenizer.EncodeToIds(line, ids, null, addSpecialTokens: false);
    }

    sw.Stop();

    // Allocations in steady state: a second, untimed pass once every buffer has grown to the corpus' longest line.
    long before = GC.GetAllocatedBytesForCurrentThread();
    foreach (string line in corpus.Lines)
    {
        ids.Clear();
        tokenizer.EncodeToIds(line, ids, null, addSpecialTokens: false);
    }

    return new Sample(sw.Elapsed.TotalSeconds, tokens, GC.GetAllocatedBytesForCurrentThread() - before);
}

static Sample RunTheirs(MLTokenizer tokenizer, Corpus corpus)
{
    long before = GC.GetAllocatedBytesForCurrentThread();
    var sw = Stopwatch.StartNew();
    long tokens = 0;
    foreach (string line in corpus.Lines)
    {
        tokens += tokenizer.EncodeToIds(line, false, false).Count;
    }

    sw.Stop();
    return new Sample(sw.Elapsed.TotalSeconds, tokens, GC.GetAllocatedBytesForCurrentThread() - before);
}

static double Time(Action action)
{
    var sw = Stopwatch.StartNew();
    action();
    return sw.Elapsed.TotalSeconds;
}

static double Median(IEnumerable<double> values)
{
    double[] sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

/// <summary>One timed pass.</summary>
internal readonly record struct Sample(double Seconds, long Tokens, long Allocated);

/// <summary>Lines to tokenize, and the same lines in a file for spm_encode.</summary>
internal sealed record Corpus(string Name, string[] Lines, string File, long Chars)
{
    public static Corpus FromFile(string name, string path)
    {
        string[] lines = System.IO.File.ReadAllLines(path);
        return new Corpus(name, lines, path, lines.Sum(l => (long)l.Length));
    }

    /// <summary>Every non-blank cases.jsonl text, line breaks made spaces (spm_encode reads lines), repeated to ~4M chars.</summary>
    public static Corpus Repeated(string dir)
    {
        List<string> unique = [];
        foreach (JsonElement row in SharedFixtures.ReadJsonLines("fixtures/tokenizer/cases.jsonl"))
        {
            string text = row.GetProperty("text").GetString()!.Replace('\r', ' ').Replace('\n', ' ');
            if (text.Trim().Length > 0)
            {
                unique.Add(text);
            }
        }

        List<string> lines = [];
        long chars = 0;
        while (chars < 4 << 20)
        {
            foreach (string text in unique)
            {
                lines.Add(text);
                chars += text.Length;
            }
        }

        string file = Path.Combine(dir, "repeated.txt");
        System.IO.File.WriteAllText(file, string.Join('\n', lines) + "\n", new UTF8Encoding(false));
        return new Corpus("repeated", lines.ToArray(), file, chars);
    }
}

/// <summary>Runs spm_encode over a file; returns the wall time.</summary>
internal static class Spm
{
    public static double Run(string model, string input, string output)
    {
        var start = new ProcessStartInfo("bash", ["-c", $"spm_encode --model '{model}' --output_format=id < '{input}' > '{output}'"])
        {
            UseShellExecute = false,
        };
        var sw = Stopwatch.StartNew();
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("cannot start spm_encode");
        process.WaitForExit();
        sw.Stop();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"spm_encode exited with {process.ExitCode} (install it with: apt-get install -y sentencepiece)");
        }

        return sw.Elapsed.TotalSeconds;
    }

    public static long CountTokens(string idsFile)
    {
        long tokens = 0;
        foreach (string line in File.ReadLines(idsFile))
        {
            tokens += line.Length == 0 ? 0 : line.Count(c => c == ' ') + 1;
        }

        return tokens;
    }
}

/// <summary>Memory and time for one long line without spaces (the pathological input of a whole-text search).</summary>
internal static class LongLine
{
    public static void Run(string modelFolder, int megabytes)
    {
        var random = new Random(42);
        var chars = new char[megabytes << 20];
        for (int i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)('a' + random.Next(26));
        }

        string text = new(chars);
        chars = [];
        XlmRobertaTokenizer tokenizer = XlmRobertaTokenizer.FromModelFolder(modelFolder);
        tokenizer.EncodeToIds("warm up", new List<int>());
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        long baseline = process.WorkingSet64;
        var sw = Stopwatch.StartNew();
        var ids = new List<int>();
        int count = tokenizer.EncodeToIds(text, ids, null, addSpecialTokens: false);
        sw.Stop();
        process.Refresh();
        long peak = process.PeakWorkingSet64;
        Console.WriteLine($"long line: {text.Length:N0} chars (UTF-8 {megabytes} MB), {count:N0} tokens in {sw.Elapsed.TotalSeconds:F2} s; " +
            $"peak working set {peak / 1e6:F0} MB, {baseline / 1e6:F0} MB before (the string itself is {text.Length * 2 / 1e6:F0} MB); " +
            $"(peak - before) / input bytes = {(peak - baseline) / (double)(megabytes << 20):F1}x");
    }
}

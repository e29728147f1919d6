using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.ML.XlmRoberta.TestSupport;
using Microsoft.ML.XlmRoberta.Tokenization;

// Single-thread tokenizer throughput: XlmRobertaTokenizer vs SentencePiece's own C++ (spm_encode) on the same text.
// The corpus is every text of fixtures/tokenizer/cases.jsonl with line breaks replaced by spaces (spm_encode reads
// one sentence per line), repeated to about 4 MB, written to a temp file that both sides read.
const int TargetChars = 4 << 20;
const int Rounds = 5;

string modelFolder = SharedFixtures.Model("fill-mask");
string modelFile = Path.Combine(modelFolder, XlmRobertaTokenizer.SentencePieceModelFileName);
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
long totalChars = 0;
while (totalChars < TargetChars)
{
    foreach (string text in unique)
    {
        lines.Add(text);
        totalChars += text.Length;
    }
}

string dir = Path.Combine(Path.GetTempPath(), "xlmr-tokenizer-benchmark");
Directory.CreateDirectory(dir);
string corpusFile = Path.Combine(dir, "corpus.txt");
string emptyFile = Path.Combine(dir, "one-line.txt");
File.WriteAllText(corpusFile, string.Join('\n', lines) + "\n", new UTF8Encoding(false));
File.WriteAllText(emptyFile, "x\n", new UTF8Encoding(false));
Console.WriteLine($"corpus: {unique.Count} distinct texts, {lines.Count} lines, {totalChars:N0} UTF-16 chars, {new FileInfo(corpusFile).Length:N0} UTF-8 bytes ({corpusFile})");

// --- XlmRobertaTokenizer -------------------------------------------------------------------------------------
var load = Stopwatch.StartNew();
XlmRobertaTokenizer tokenizer = XlmRobertaTokenizer.FromModelFolder(modelFolder);
Console.WriteLine($"XlmRobertaTokenizer load: {load.Elapsed.TotalMilliseconds:F0} ms");
var ids = new List<int>(1 << 16);

// Cold pass: every distinct text once on a fresh tokenizer (word cache empty), JIT included.
var cold = Stopwatch.StartNew();
long coldTokens = 0;
foreach (string text in unique)
{
    ids.Clear();
    coldTokens += tokenizer.EncodeToIds(text, ids, null, addSpecialTokens: false);
}

cold.Stop();
long uniqueChars = unique.Sum(t => (long)t.Length);
Console.WriteLine($"XlmRobertaTokenizer cold first pass: {uniqueChars / cold.Elapsed.TotalSeconds:N0} chars/s, {coldTokens / cold.Elapsed.TotalSeconds:N0} tokens/s");

// Empty word cache, JIT warm: a second tokenizer, every distinct text once (the cache-miss path: each new word is
// searched and its rounding margin computed).
XlmRobertaTokenizer fresh = XlmRobertaTokenizer.FromModelFolder(modelFolder);
var miss = Stopwatch.StartNew();
long missTokens = 0;
foreach (string text in unique)
{
    ids.Clear();
    missTokens += fresh.EncodeToIds(text, ids, null, addSpecialTokens: false);
}

miss.Stop();
Console.WriteLine($"XlmRobertaTokenizer empty-cache pass (JIT warm): {uniqueChars / miss.Elapsed.TotalSeconds:N0} chars/s, {missTokens / miss.Elapsed.TotalSeconds:N0} tokens/s");

// Interleaved rounds (ours, spm_encode start-up, spm_encode corpus) so that load from other processes hits both
// sides alike; the best round of each is reported.
double bestSeconds = double.MaxValue;
long tokens = 0;
long allocated = 0;
double startup = double.MaxValue;
double spmBest = double.MaxValue;
string outFile = Path.Combine(dir, "ids.txt");
for (int round = 0; round < Rounds; round++)
{
    long before = GC.GetAllocatedBytesForCurrentThread();
    var sw = Stopwatch.StartNew();
    long count = 0;
    foreach (string text in lines)
    {
        ids.Clear();
        count += tokenizer.EncodeToIds(text, ids, null, addSpecialTokens: false);
    }

    sw.Stop();
    allocated = GC.GetAllocatedBytesForCurrentThread() - before;
    tokens = count;
    bestSeconds = Math.Min(bestSeconds, sw.Elapsed.TotalSeconds);
    startup = Math.Min(startup, RunSpm(modelFile, emptyFile, outFile));
    spmBest = Math.Min(spmBest, RunSpm(modelFile, corpusFile, outFile));
}

double ourChars = totalChars / bestSeconds;
double ourTokens = tokens / bestSeconds;
Console.WriteLine($"XlmRobertaTokenizer: {bestSeconds:F3} s (best of {Rounds}), {ourChars:N0} chars/s, {ourTokens:N0} tokens/s, {tokens:N0} tokens");
Console.WriteLine($"XlmRobertaTokenizer allocations: {allocated:N0} bytes in the last round = {(double)allocated / tokens:F4} bytes/token");

long spmTokens = 0;
foreach (string line in File.ReadLines(outFile))
{
    spmTokens += line.Length == 0 ? 0 : line.Count(c => c == ' ') + 1;
}

double spmSeconds = spmBest - startup;
Console.WriteLine($"spm_encode: {spmBest:F3} s wall (best of {Rounds}) minus {startup:F3} s start-up and model load = {spmSeconds:F3} s, {totalChars / spmSeconds:N0} chars/s, {spmTokens / spmSeconds:N0} tokens/s, {spmTokens:N0} tokens");
if (spmTokens != tokens)
{
    Console.WriteLine($"note: token counts differ ({tokens:N0} vs {spmTokens:N0}): Hugging Face splits out special-token literals that SentencePiece encodes as text.");
}

Console.WriteLine($"ratio (XlmRobertaTokenizer / spm_encode, chars/s): {ourChars / (totalChars / spmSeconds):F2}x");

static double RunSpm(string model, string input, string output)
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

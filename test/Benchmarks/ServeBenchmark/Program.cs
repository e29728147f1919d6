using System.Globalization;
using System.Text.Json;
using Microsoft.ML.XlmRoberta.Benchmarks.Serve;
using Microsoft.ML.XlmRoberta.TestSupport;

// ServeBenchmark: `xlmr serve` under 1, 8, 32 and 128 concurrent single-text clients against offline `xlmr embed`
// on the same texts, measured in the same run; then a 4x overload of a server with a small queue. See README.md.
var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
for (int i = 0; i + 1 < args.Length; i += 2)
{
    arguments[args[i].TrimStart('-')] = args[i + 1];
}

int Int(string name, int fallback) => arguments.TryGetValue(name, out string? v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
int textCount = Int("texts", 512);
int requestsPerLevel = Int("requests", 512);
int seconds = Int("seconds", 90);
int threads = Int("threads", Environment.ProcessorCount);
int overloadQueue = Int("overload-queue", 32);
int[] levels = arguments.TryGetValue("clients", out string? list) ? [.. list.Split(',').Select(int.Parse)] : [1, 8, 32, 128];
// Extra `xlmr serve` options for both servers, e.g. --serve-options "--batch-size 8 --max-wait-ms 5".
string[] serveOptions = arguments.TryGetValue("serve-options", out string? extra) ? extra.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
string xlmr = ServeProcess.BuiltXlmr();
string model = arguments.TryGetValue("model", out string? m) ? Path.GetFullPath(m) : BaseModel.Ensure();
string work = Directory.CreateTempSubdirectory("xlmr-serve-bench-").FullName;

// Texts: evenly spaced lines of the corpus (every script, short and long).
string[] corpus = File.ReadAllLines(SharedFixtures.File("fixtures/corpus/unique.txt"));
string[] texts = [.. Enumerable.Range(0, textCount).Select(i => corpus[(int)((long)i * corpus.Length / textCount)])];
Console.WriteLine($"ServeBenchmark: model '{model}', {texts.Length} texts ({texts.Sum(t => t.Length) / (double)texts.Length:F0} chars on average), --threads {threads}, {Environment.ProcessorCount} cores, serve options '{string.Join(' ', serveOptions)}'");

try
{
    (double offline, string offlineOutput) = Xlmr.EmbedThroughput(xlmr, model, texts, threads, work);
    Console.WriteLine($"  offline xlmr embed: {offline:F1} texts/s");

    var results = new List<LoadResult>();
    double peakMiB;
    using (ServeProcess server = ServeProcess.Start(xlmr, echo: true, arguments: ["--model", model, "--threads", threads.ToString(CultureInfo.InvariantCulture), "--queue-size", "4096", .. serveOptions]))
    {
        // The server's vectors equal the offline tool's (same library route).
        float[][] served = await LoadDriver.EmbedAsync(server.Address, texts.Take(8));
        double worst = 0;
        int row = 0;
        foreach (string line in File.ReadLines(offlineOutput).Take(8))
        {
            float[] offlineVector = [.. JsonDocument.Parse(line).RootElement.GetProperty("embedding").EnumerateArray().Select(e => e.GetSingle())];
            worst = Math.Max(worst, offlineVector.Zip(served[row++]).Max(p => Math.Abs(p.First - p.Second)));
        }

        Console.WriteLine($"  server vs offline vectors (8 texts): max |difference| {worst:G3}");
        foreach (int clients in levels)
        {
            LoadResult result = await LoadDriver.RunAsync(server.Address, texts, clients, requestsPerLevel, TimeSpan.FromSeconds(seconds));
            results.Add(result);
            Console.WriteLine($"  {clients,4} clients: {result.Ok}/{result.Sent} ok in {result.Seconds:F1} s, {result.Throughput:F1} req/s, p50 {result.P50Ms:F0} ms, p99 {result.P99Ms:F0} ms" +
                              $" (429: {result.Rejected}, 5xx: {result.ServerErrors}, other: {result.Other}, no answer: {result.Failed})");
        }

        peakMiB = server.ResidentMiB().Peak;
        Console.WriteLine($"  server stopped with SIGTERM: exit code {server.Stop()}; peak RSS {peakMiB:F0} MiB");
    }

    // 4x overload: a server whose queue holds `overloadQueue` inputs, driven by 4x that many clients that retry at once.
    int overloadClients = 4 * overloadQueue;
    LoadResult overload;
    (double Peak, double Current) overloadMemory;
    using (ServeProcess server = ServeProcess.Start(xlmr, echo: true, arguments: ["--model", model, "--threads", threads.ToString(CultureInfo.InvariantCulture), "--queue-size", overloadQueue.ToString(CultureInfo.InvariantCulture), "--max-inputs", "1", .. serveOptions]))
    {
        // The request budget is large (429s come fast); the time limit ends the run.
    overload = await LoadDriver.RunAsync(server.Address, texts, overloadClients, 100 * requestsPerLevel, TimeSpan.FromSeconds(seconds), backoffOn429: TimeSpan.FromMilliseconds(50));
        overloadMemory = server.ResidentMiB();
        Console.WriteLine($"  overload server stopped with SIGTERM: exit code {server.Stop()}");
    }

    Console.WriteLine();
    Console.WriteLine("| clients | requests ok | throughput (req/s) | p50 (ms) | p99 (ms) | vs offline embed |");
    Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: |");
    foreach (LoadResult r in results)
    {
        Console.WriteLine($"| {r.Clients} | {r.Ok}/{r.Sent} | {r.Throughput:F1} | {r.P50Ms:F0} | {r.P99Ms:F0} | {r.Throughput / offline:F2}x |");
    }

    Console.WriteLine($"| offline `xlmr embed` | {texts.Length} texts | {offline:F1} texts/s | | | 1.00x |");
    if (results.FirstOrDefault(r => r.Clients == 32) is { } at32)
    {
        Console.WriteLine($"32 clients / offline embed: {at32.Throughput / offline:F2}x (target >= 0.8x)");
    }

    Console.WriteLine($"4x overload ({overloadClients} clients, --queue-size {overloadQueue}): sent {overload.Sent}, 200: {overload.Ok}, 429: {overload.Rejected}, " +
                      $"5xx: {overload.ServerErrors}, other status: {overload.Other}, no answer (lost): {overload.Lost}; " +
                      $"{overload.Throughput:F1} ok/s, p50 {overload.P50Ms:F0} ms, p99 {overload.P99Ms:F0} ms; " +
                      $"server peak RSS {overloadMemory.Peak:F0} MiB (now {overloadMemory.Current:F0} MiB; unloaded run's peak {peakMiB:F0} MiB)");
    bool clean = overload.ServerErrors == 0 && overload.Other == 0 && overload.Lost == 0;
    Console.WriteLine(clean ? "overload: every request answered 200 or 429" : "overload: SOME REQUESTS WERE NOT ANSWERED 200 OR 429");
    return clean ? 0 : 1;
}
finally
{
    Directory.Delete(work, recursive: true);
}

using System.Collections.Concurrent;
using Microsoft.ML.XlmRoberta.Embeddings;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Pooling;

// Usage: FaultHost dispose-race MODEL_FOLDER THREADS ROUNDS
// Each round loads the model, lets THREADS threads call it in a loop and disposes it (from the main thread and, at
// the same time, from two of the workers) while calls are in flight. Every call must either complete or throw
// ObjectDisposedException; the process must not crash. Prints one summary line; exit 0 when nothing else happened.
if (args.Length != 4 || args[0] != "dispose-race")
{
    Console.Error.WriteLine("usage: FaultHost dispose-race MODEL_FOLDER THREADS ROUNDS");
    return 2;
}

string folder = args[1];
int threads = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
int rounds = int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
var failures = new ConcurrentQueue<string>();
long completed = 0, refused = 0;
string[] texts =
[
    "Hello world!",
    string.Join(' ', Enumerable.Repeat("Ein längerer Satz über das Wetter in Paris und Berlin.", 40)),
    "Le chat dort.",
    string.Join(' ', Enumerable.Repeat("日本語のテキストです。", 60)),
];

for (int round = 0; round < rounds; round++)
{
    var random = new Random(round);
    XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(folder, new XlmRobertaEncoderOptions { IntraOpThreads = 1 });
    var extractor = new XlmRobertaFeatureExtractor(encoder);
    var generator = new XlmRobertaEmbeddingGenerator(extractor, ownsEncoder: true);
    bool viaGenerator = round % 2 == 1;
    using var started = new CountdownEvent(threads);
    var workers = new Thread[threads];
    for (int t = 0; t < threads; t++)
    {
        int worker = t;
        int delay = random.Next(0, 40);
        workers[t] = new Thread(() =>
        {
            bool signalled = false;
            for (int call = 0; ; call++)
            {
                try
                {
                    if (worker < 2 && call == 1 + delay / 10)
                    {
                        DisposeTarget();
                    }

                    string text = texts[(worker + call) % texts.Length];
                    switch ((worker + call) % 4)
                    {
                        case 0: extractor.Embed([text, "x"]); break;
                        case 1: encoder.GetOutputs([[0, 35378, 8999, 38, 2]]); break;
                        case 2: generator.GenerateAsync([text]).GetAwaiter().GetResult(); break;
                        default: extractor.EmbedIds([[0, 2], [0, 6, 2]]); break;
                    }

                    Interlocked.Increment(ref completed);
                }
                catch (ObjectDisposedException)
                {
                    Interlocked.Increment(ref refused);
                    if (!signalled)
                    {
                        started.Signal();
                    }

                    return;
                }
                catch (Exception e)
                {
                    failures.Enqueue($"round {round} worker {worker}: {e.GetType().FullName}: {e.Message}");
                    if (!signalled)
                    {
                        started.Signal();
                    }

                    return;
                }

                if (!signalled)
                {
                    started.Signal();
                    signalled = true;
                }
            }
        });
        workers[t].Start();
    }

    started.Wait(TimeSpan.FromSeconds(60));
    Thread.Sleep(random.Next(0, 20));
    DisposeTarget();
    try
    {
        extractor.EmbedIds([[0, 2]]);
        failures.Enqueue($"round {round}: a call after Dispose returned instead of throwing ObjectDisposedException");
    }
    catch (ObjectDisposedException)
    {
    }

    foreach (Thread worker in workers)
    {
        if (!worker.Join(TimeSpan.FromSeconds(120)))
        {
            failures.Enqueue($"round {round}: a worker did not finish within 120 s");
        }
    }

    void DisposeTarget()
    {
        if (viaGenerator)
        {
            generator.Dispose();
        }
        else
        {
            encoder.Dispose();
        }
    }
}

Console.WriteLine($"rounds={rounds} threads={threads} completed={completed} refused={refused} failures={failures.Count}");
foreach (string failure in failures.Take(20))
{
    Console.WriteLine(failure);
}

return failures.IsEmpty ? 0 : 1;

// Semantic search: embed a multilingual corpus once, then rank it against each query by cosine similarity.
// Usage: dotnet run --project samples/SemanticSearch -- [--model DIR] "query" ["another query" ...]
using System.Numerics.Tensors;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.ML.XlmRoberta.Embeddings;

string? model = Environment.GetEnvironmentVariable("XLMR_MODEL");
var queries = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--model" && i + 1 < args.Length)
    {
        model = args[++i];
    }
    else
    {
        queries.Add(args[i]);
    }
}

string repo = FindUp("Microsoft.ML.XlmRoberta.sln") ?? throw new InvalidOperationException("Run this sample from the repository.");
model ??= Path.Combine(repo, "..", "shared", "fixtures", "models", "feature-extraction");
if (queries.Count == 0)
{
    queries.Add("What is the weather like?");
    queries.Add("Где находится вокзал?");
}

var corpus = new List<string>();
foreach (string line in File.ReadLines(Path.Combine(repo, "samples", "data", "multilingual.jsonl")))
{
    corpus.Add(JsonDocument.Parse(line).RootElement.GetProperty("text").GetString()!);
}

// Mean pooling, L2-normalized: cosine similarity is a dot product.
using IEmbeddingGenerator<string, Embedding<float>> generator = XlmRobertaEmbeddingGenerator.Load(model);
GeneratedEmbeddings<Embedding<float>> documents = await generator.GenerateAsync(corpus);
GeneratedEmbeddings<Embedding<float>> questions = await generator.GenerateAsync(queries);

Console.WriteLine($"{corpus.Count} documents, {documents[0].Vector.Length} dimensions, model {model}");
for (int q = 0; q < queries.Count; q++)
{
    Console.WriteLine($"\n{queries[q]}");
    var scored = new List<(float Score, string Text)>();
    for (int d = 0; d < corpus.Count; d++)
    {
        scored.Add((TensorPrimitives.CosineSimilarity(questions[q].Vector.Span, documents[d].Vector.Span), corpus[d]));
    }

    scored.Sort((a, b) => b.Score.CompareTo(a.Score));
    for (int r = 0; r < 3; r++)
    {
        Console.WriteLine($"  {scored[r].Score:F3}  {scored[r].Text}");
    }
}

static string? FindUp(string file)
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, file)))
        {
            return dir.FullName;
        }
    }

    return null;
}

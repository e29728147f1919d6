using System.Text.Json;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Tests.TestData;

/// <summary>Fixture models shared by the tests of one assembly (loading a 250k-vocabulary model costs time).</summary>
internal static class Models
{
    private static readonly Dictionary<string, XlmRobertaEncoder> Loaded = [];

    /// <summary>A shared encoder with default options; never dispose it.</summary>
    public static XlmRobertaEncoder Shared(string model)
    {
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(model, out XlmRobertaEncoder? encoder))
            {
                encoder = XlmRobertaEncoder.Load(SharedFixtures.Model(model));
                Loaded[model] = encoder;
            }

            return encoder;
        }
    }

    public static IReadOnlyList<JsonElement> E2e(string task) => SharedFixtures.ReadJsonLines($"fixtures/e2e/{task}.jsonl");

    public static int[] Ints(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetInt32())];

    public static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}

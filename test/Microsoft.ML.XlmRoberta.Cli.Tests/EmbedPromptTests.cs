using System.Text;
using System.Text.Json;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Cli.Tests;

/// <summary><c>xlmr embed</c> on a sentence-transformers folder: its pooling and normalization by default, and <c>--prompt NAME</c>.</summary>
[TestClass]
public sealed class EmbedPromptTests
{
    private const float Tolerance = 1e-5f;

    [TestMethod]
    public void SentenceTransformersFolderEmbedsWithItsPoolingAndPrompts()
    {
        IReadOnlyList<JsonElement> cases = SharedFixtures.ReadJsonLines("fixtures/e2e/feature-extraction.jsonl");
        string[] texts = [.. cases.Select(c => c.GetProperty("text").GetString()!)];
        using ScratchModelFolder folder = ScratchModelFolder.SentenceTransformers("cls", normalize: true);
        string model = folder.Root;

        // No options: the folder's CLS pooling and Normalize module give Hugging Face's cls_l2 vectors.
        IReadOnlyList<JsonElement> plain = Embed(model, texts);
        for (int i = 0; i < cases.Count; i++)
        {
            AssertClose(cases[i].GetProperty("cls_l2"), plain[i].GetProperty("embedding"), $"case {i}");
        }

        IReadOnlyList<JsonElement> prompted = Embed(model, texts, "--prompt", "query");
        IReadOnlyList<JsonElement> literal = Embed(model, [.. texts.Select(t => "query: " + t)]);
        for (int i = 0; i < cases.Count; i++)
        {
            AssertClose(literal[i].GetProperty("embedding"), prompted[i].GetProperty("embedding"), $"case {i}");
        }

        CliRunner.Result unknown = CliRunner.Run(CliRunner.JsonLine("x") + "\n", ["embed", "--model", model, "--quiet", "--prompt", "document"]);
        Assert.AreEqual(2, unknown.ExitCode, unknown.Stderr);
        StringAssert.Contains(unknown.Stderr, "document");
    }

    private static IReadOnlyList<JsonElement> Embed(string model, string[] texts, params string[] extra)
    {
        var stdin = new StringBuilder();
        foreach (string text in texts)
        {
            stdin.AppendLine(CliRunner.JsonLine(text));
        }

        CliRunner.Result result = CliRunner.Run(stdin.ToString(), ["embed", "--model", model, "--quiet", .. extra]);
        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        Assert.AreEqual(texts.Length, result.Lines.Count);
        return result.Lines;
    }

    private static void AssertClose(JsonElement expected, JsonElement actual, string what)
    {
        float[] e = [.. expected.EnumerateArray().Select(v => v.GetSingle())];
        float[] a = [.. actual.EnumerateArray().Select(v => v.GetSingle())];
        Assert.AreEqual(e.Length, a.Length, what);
        for (int j = 0; j < e.Length; j++)
        {
            Assert.AreEqual(e[j], a[j], Tolerance, $"{what} [{j}]");
        }
    }
}

using System.Text.Json;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Tests.TestData;

/// <summary>Reads a fixture model's <c>reference.json</c> (Hugging Face PyTorch outputs).</summary>
internal sealed class ModelReference
{
    public const float Tolerance = 1e-4f;

    private ModelReference(string folder, JsonElement root)
    {
        Folder = folder;
        Root = root;
    }

    public string Folder { get; }

    public JsonElement Root { get; }

    public static ModelReference Load(string model)
    {
        string folder = SharedFixtures.Model(model);
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "reference.json")));
        return new ModelReference(folder, doc.RootElement.Clone());
    }

    public JsonElement Case(string name) => Root.GetProperty("cases").GetProperty(name);

    /// <summary>The case's rows without their padding (using <c>row_lengths</c>).</summary>
    public int[][] Rows(string name)
    {
        JsonElement c = Case(name);
        JsonElement[] rows = [.. c.GetProperty("input_ids").EnumerateArray()];
        JsonElement[] lengths = [.. c.GetProperty("row_lengths").EnumerateArray()];
        var result = new int[rows.Length][];
        for (int r = 0; r < rows.Length; r++)
        {
            int[] all = [.. rows[r].EnumerateArray().Select(e => e.GetInt32())];
            result[r] = all[..lengths[r].GetInt32()];
        }

        return result;
    }

    /// <summary>The padded batch exactly as the reference ran it.</summary>
    public (int[][] Ids, int[][] Mask) PaddedBatch(string name)
    {
        JsonElement c = Case(name);
        return (
            [.. c.GetProperty("input_ids").EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetInt32()).ToArray())],
            [.. c.GetProperty("attention_mask").EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetInt32()).ToArray())]);
    }

    public static float[] Floats(JsonElement element) => [.. Flatten(element).Select(e => e.GetSingle())];

    /// <summary>Row <paramref name="row"/> of a nested array of rank ≥ 2, flattened.</summary>
    public static float[] Row(JsonElement element, int row) => Floats(element.EnumerateArray().ElementAt(row));

    public static IEnumerable<JsonElement> Flatten(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            yield return element;
            yield break;
        }

        foreach (JsonElement child in element.EnumerateArray())
        {
            foreach (JsonElement leaf in Flatten(child))
            {
                yield return leaf;
            }
        }
    }

    public static float MaxAbsDiff(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.AreEqual(expected.Length, actual.Length, "length");
        float max = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            max = Math.Max(max, Math.Abs(expected[i] - actual[i]));
        }

        return max;
    }

    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float tolerance, string what)
    {
        float diff = MaxAbsDiff(expected, actual);
        Assert.IsTrue(diff <= tolerance, $"{what}: max |expected - actual| = {diff} > {tolerance}");
    }
}

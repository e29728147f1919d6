using System.Text.Json;

namespace Microsoft.ML.XlmRoberta.Server.Tests;

/// <summary>Float comparisons for vectors read from the server, the library and the fixtures.</summary>
internal static class Vectors
{
    /// <summary>The server against the offline library (the bound).</summary>
    public const float LibraryTolerance = 1e-5f;

    /// <summary>Against Hugging Face's reference outputs (7 significant digits, as the library's own tests).</summary>
    public const float ReferenceTolerance = 1e-4f;

    public static float[] Floats(JsonElement array)
    {
        var values = new float[array.GetArrayLength()];
        int i = 0;
        foreach (JsonElement item in array.EnumerateArray())
        {
            values[i++] = item.GetSingle();
        }

        return values;
    }

    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float tolerance, string what)
    {
        Assert.AreEqual(expected.Length, actual.Length, $"{what}: length");
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.IsLessThanOrEqualTo(tolerance, Math.Abs(expected[i] - actual[i]), $"{what}: element {i} is {actual[i]}, expected {expected[i]}");
        }
    }
}

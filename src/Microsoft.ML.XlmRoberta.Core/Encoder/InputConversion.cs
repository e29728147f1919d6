using Microsoft.ML.XlmRoberta.Tokenization;

namespace Microsoft.ML.XlmRoberta.Encoder;

/// <summary>Copies caller token lists into arrays the encoder owns (one allocation per input).</summary>
internal static class InputConversion
{
    public static int[] ToArray(IReadOnlyList<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids is int[] array)
        {
            return array;
        }

        var copy = new int[ids.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = ids[i];
        }

        return copy;
    }

    public static int[][] ToArrays(IReadOnlyList<IReadOnlyList<int>> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var result = new int[inputs.Count][];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = ToArray(inputs[i]);
        }

        return result;
    }

    public static int[][] ToArrays(IReadOnlyList<XlmRobertaEncoding> encodings)
    {
        ArgumentNullException.ThrowIfNull(encodings);
        var result = new int[encodings.Count][];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = ToArray(encodings[i].Ids);
        }

        return result;
    }
}

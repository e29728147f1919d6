using Microsoft.ML.Data;

namespace MLNetPipeline;

/// <summary>A labelled text.</summary>
public sealed class LabelledText
{
    public string Text { get; set; } = "";

    public string Label { get; set; } = "";
}

/// <summary>What the trained pipeline predicts.</summary>
public sealed class Prediction
{
    public string PredictedLabel { get; set; } = "";
}

/// <summary>The ONNX model's per-token output (tokens × hidden, row-major) and the tokens.</summary>
public sealed class HiddenState
{
    [ColumnName("last_hidden_state")]
    public float[] LastHiddenState { get; set; } = [];

    [ColumnName("input_ids")]
    public long[] InputIds { get; set; } = [];
}

/// <summary>The mean-pooled vector.</summary>
public sealed class Pooled
{
    [ColumnName("Pooled")]
    public float[] Vector { get; set; } = [];
}

/// <summary>Attention-masked mean of <c>last_hidden_state</c> (one sequence, no padding: every token counts).</summary>
public static class MeanPooling
{
    public static void Pool(HiddenState input, Pooled output)
    {
        int tokens = input.InputIds.Length;
        int width = input.LastHiddenState.Length / tokens;
        var mean = new float[width];
        for (int t = 0; t < tokens; t++)
        {
            for (int d = 0; d < width; d++)
            {
                mean[d] += input.LastHiddenState[(t * width) + d] / tokens;
            }
        }

        output.Vector = mean;
    }
}

/// <summary>The Unicode script most letters of a text are in (a label the text carries itself).</summary>
public static class Scripts
{
    public static string Of(string text)
    {
        var counts = new Dictionary<string, int>();
        foreach (char c in text.Where(char.IsLetter))
        {
            string script = c switch
            {
                <= '\u024F' => "Latin",
                >= '\u0370' and <= '\u03FF' => "Greek",
                >= '\u0400' and <= '\u052F' => "Cyrillic",
                >= '\u0600' and <= '\u06FF' => "Arabic",
                >= '\u0900' and <= '\u0DFF' => "Indic",
                >= '\u3040' and <= '\u30FF' or >= '\u4E00' and <= '\u9FFF' or >= '\uAC00' and <= '\uD7AF' => "CJK",
                _ => "Other",
            };
            counts[script] = counts.GetValueOrDefault(script) + 1;
        }

        return counts.Count == 0 ? "None" : counts.MaxBy(p => p.Value).Key;
    }
}

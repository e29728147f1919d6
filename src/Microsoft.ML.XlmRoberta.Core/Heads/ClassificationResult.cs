namespace Microsoft.ML.XlmRoberta.Heads;

/// <summary>The sequence-classification output for one input (or pair).</summary>
public sealed class ClassificationResult
{
    internal ClassificationResult(float[] logits, float[] probabilities, int labelId, string label)
    {
        Logits = logits;
        Probabilities = probabilities;
        LabelId = labelId;
        Label = label;
    }

    /// <summary>The raw logits, one per label.</summary>
    public float[] Logits { get; }

    /// <summary>The softmax of <see cref="Logits"/>.</summary>
    public float[] Probabilities { get; }

    /// <summary>The id of the most probable label.</summary>
    public int LabelId { get; }

    /// <summary>The most probable label (<c>id2label</c>).</summary>
    public string Label { get; }

    /// <summary>The probability of <see cref="Label"/>.</summary>
    public float Score => Probabilities[LabelId];
}

namespace Microsoft.ML.XlmRoberta.Heads;

/// <summary>The multiple-choice output for one prompt: a logit and a probability per choice, and the best choice.</summary>
public sealed class MultipleChoiceResult
{
    internal MultipleChoiceResult(float[] logits, float[] probabilities, int label)
    {
        Logits = logits;
        Probabilities = probabilities;
        Label = label;
    }

    /// <summary>The raw logits, one per choice, in choice order.</summary>
    public float[] Logits { get; }

    /// <summary>The softmax of <see cref="Logits"/> over the choices.</summary>
    public float[] Probabilities { get; }

    /// <summary>The index of the most probable choice (the first on ties).</summary>
    public int Label { get; }

    /// <summary>The probability of the chosen <see cref="Label"/>.</summary>
    public float Score => Probabilities[Label];
}

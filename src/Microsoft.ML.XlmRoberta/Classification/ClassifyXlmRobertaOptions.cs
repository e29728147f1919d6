namespace Microsoft.ML.XlmRoberta;

/// <summary>Options of <c>ClassifyXlmRoberta</c> (sequence classification of a text or a text pair).</summary>
public sealed class ClassifyXlmRobertaOptions : XlmRobertaInferenceOptions
{
    /// <summary>The second text column of pairs, or null.</summary>
    public string? TextPairColumnName { get; set; }

    /// <summary>The most probable label's name (text); null for none. Default <c>PredictedLabel</c>.</summary>
    public string? PredictedLabelColumnName { get; set; } = "PredictedLabel";

    /// <summary>The softmax probabilities column (one slot per label, slot names = labels); null for none. Default <c>Score</c>.</summary>
    public string? ScoreColumnName { get; set; } = "Score";

    /// <summary>The raw logits column (one slot per label, slot names = labels); null for none. Default <c>Logits</c>.</summary>
    public string? LogitsColumnName { get; set; } = "Logits";

    private protected override string? PairColumn => TextPairColumnName;

    private protected override string?[] OutputNames => [LogitsColumnName, ScoreColumnName, PredictedLabelColumnName];
}

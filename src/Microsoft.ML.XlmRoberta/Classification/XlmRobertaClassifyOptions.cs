namespace Microsoft.ML.XlmRoberta;

/// <summary>Options of <c>XlmRobertaClassify</c> (sequence classification).</summary>
public sealed class XlmRobertaClassifyOptions : XlmRobertaInferenceOptions
{
    /// <summary>The second text column of pairs, or null.</summary>
    public string? TextPairColumnName { get; set; }

    /// <summary>The raw logits column (a <c>Single</c> vector, one slot per label, slot names = labels); null for none.</summary>
    public string? LogitsColumnName { get; set; } = "Logits";

    /// <summary>The softmax probabilities column (slot names = labels); null for none. Default <c>Score</c>.</summary>
    public string? ScoreColumnName { get; set; } = "Score";

    /// <summary>The most probable label's name (text); null for none. Default <c>PredictedLabel</c>.</summary>
    public string? PredictedLabelColumnName { get; set; } = "PredictedLabel";
}

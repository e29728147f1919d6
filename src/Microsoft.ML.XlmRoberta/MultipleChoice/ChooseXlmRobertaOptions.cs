namespace Microsoft.ML.XlmRoberta;

/// <summary>
/// Options of <c>ChooseXlmRoberta</c> (multiple choice): the prompt column is
/// <see cref="XlmRobertaTransformOptions.InputColumnName"/> (default <c>Prompt</c>), the choices a vector-of-text
/// column <see cref="ChoicesColumnName"/> (at least two per row; the count may vary).
/// </summary>
public sealed class ChooseXlmRobertaOptions : XlmRobertaInferenceOptions
{
    /// <summary>Creates the options with the prompt column <c>Prompt</c>.</summary>
    public ChooseXlmRobertaOptions() => InputColumnName = "Prompt";

    /// <summary>The choices column (a vector of text). Default <c>Choices</c>.</summary>
    public string ChoicesColumnName { get; set; } = "Choices";

    /// <summary>The index of the most probable choice (<c>Int32</c>); null for none. Default <c>PredictedIndex</c>.</summary>
    public string? PredictedIndexColumnName { get; set; } = "PredictedIndex";

    /// <summary>The softmax probabilities over the choices (variable-size <c>Single</c> vector); null for none. Default <c>Score</c>.</summary>
    public string? ScoreColumnName { get; set; } = "Score";

    /// <summary>The raw logits, one per choice (variable-size <c>Single</c> vector); null for none. Default <c>Logits</c>.</summary>
    public string? LogitsColumnName { get; set; } = "Logits";

    private protected override string? PairColumn => ChoicesColumnName;

    private protected override string?[] OutputNames => [LogitsColumnName, ScoreColumnName, PredictedIndexColumnName];

    internal override void Validate()
    {
        base.Validate();
        Require(ChoicesColumnName, nameof(ChoicesColumnName));
    }
}

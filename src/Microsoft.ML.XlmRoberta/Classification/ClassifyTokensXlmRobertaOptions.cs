namespace Microsoft.ML.XlmRoberta;

/// <summary>
/// Options of <c>ClassifyTokensXlmRoberta</c> (token classification / NER). Every column is a variable-size vector
/// with one slot per token, <c>&lt;s&gt;</c> and <c>&lt;/s&gt;</c> included; null leaves a column out.
/// </summary>
public sealed class ClassifyTokensXlmRobertaOptions : XlmRobertaInferenceOptions
{
    /// <summary>Each token's arg-max label (default <c>TokenLabels</c>).</summary>
    public string? LabelsColumnName { get; set; } = "TokenLabels";

    /// <summary>The SentencePiece tokens (default <c>Tokens</c>).</summary>
    public string? TokensColumnName { get; set; } = "Tokens";

    /// <summary>Each token's label probability (default <c>TokenScores</c>).</summary>
    public string? ScoresColumnName { get; set; } = "TokenScores";

    /// <summary>Each token's start in the text, UTF-16, inclusive; 0 for added special tokens (default <c>TokenStarts</c>).</summary>
    public string? StartsColumnName { get; set; } = "TokenStarts";

    /// <summary>Each token's end in the text, UTF-16, exclusive; 0 for added special tokens (default <c>TokenEnds</c>).</summary>
    public string? EndsColumnName { get; set; } = "TokenEnds";

    private protected override string?[] OutputNames => [TokensColumnName, LabelsColumnName, ScoresColumnName, StartsColumnName, EndsColumnName];
}

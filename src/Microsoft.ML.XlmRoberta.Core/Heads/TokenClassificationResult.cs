namespace Microsoft.ML.XlmRoberta.Heads;

/// <summary>The token-classification output for one input.</summary>
/// <param name="Tokens">Every token's prediction, special tokens included, in sequence order.</param>
/// <param name="Entities">The aggregated entities (empty for token-id inputs, which have no text).</param>
public sealed record TokenClassificationResult(IReadOnlyList<TokenPrediction> Tokens, IReadOnlyList<TokenEntity> Entities);

namespace Microsoft.ML.XlmRoberta.Heads;

/// <summary>One candidate for a <c>&lt;mask&gt;</c> (Hugging Face fill-mask's <c>token</c>, <c>token_str</c>, <c>score</c>).</summary>
/// <param name="TokenId">The vocabulary id.</param>
/// <param name="Token">The SentencePiece piece (<see cref="Tokenization.XlmRobertaTokenizer.IdToToken"/>).</param>
/// <param name="Score">The softmax probability over the whole vocabulary.</param>
/// <param name="Logit">The raw logit.</param>
public sealed record MaskCandidate(int TokenId, string? Token, float Score, float Logit);

/// <summary>The top candidates for one <c>&lt;mask&gt;</c>.</summary>
/// <param name="Position">The mask's position in the encoded sequence.</param>
/// <param name="Candidates">The candidates, most probable first (ties: lower id first).</param>
public sealed record MaskPrediction(int Position, IReadOnlyList<MaskCandidate> Candidates);

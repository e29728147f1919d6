namespace Microsoft.ML.XlmRoberta.Heads;

/// <summary>
/// One entity of Hugging Face's token-classification pipeline: a token (<see cref="AggregationStrategy.None"/>,
/// <c>entity</c>) or a group of words/tokens (<c>entity_group</c>).
/// </summary>
/// <param name="Label">The label (<c>entity</c>) or, when grouped, the entity type without B-/I- (<c>entity_group</c>).</param>
/// <param name="Score">The probability (mean over the group when grouped).</param>
/// <param name="Word">The text as the tokenizer decodes the pieces (Hugging Face's <c>word</c>).</param>
/// <param name="Start">Start in the text (UTF-16, inclusive).</param>
/// <param name="End">End in the text (UTF-16, exclusive).</param>
/// <param name="Index">The token position, for <see cref="AggregationStrategy.None"/> only.</param>
public sealed record TokenEntity(string Label, float Score, string Word, int Start, int End, int? Index);

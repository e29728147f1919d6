namespace Microsoft.ML.XlmRoberta.Heads;

/// <summary>
/// Word-level aggregation of token predictions, exactly as Hugging Face's <c>TokenClassificationPipeline</c>
/// <c>aggregation_strategy</c> (transformers 4.28). Words are SentencePiece pieces starting with <c>▁</c> plus the
/// pieces that follow them (an <c>&lt;unk&gt;</c> always starts a word).
/// </summary>
public enum AggregationStrategy
{
    /// <summary>One entity per token (special tokens and ignored labels left out).</summary>
    None,

    /// <summary>Group adjacent tokens with the same entity type (B-/I- scheme); a group's score is the mean token score.</summary>
    Simple,

    /// <summary>Each word takes the label of its first token, then words are grouped as in <see cref="Simple"/>.</summary>
    First,

    /// <summary>Each word takes the arg-max of its tokens' averaged probabilities, then words are grouped.</summary>
    Average,

    /// <summary>Each word takes the label of its most confident token, then words are grouped.</summary>
    Max,
}

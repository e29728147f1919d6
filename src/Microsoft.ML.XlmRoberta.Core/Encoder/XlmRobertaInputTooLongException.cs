namespace Microsoft.ML.XlmRoberta.Encoder;

/// <summary>An input has more tokens than the model can encode and truncation is disabled.</summary>
public sealed class XlmRobertaInputTooLongException : XlmRobertaException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="inputIndex">The position of the input in the caller's list.</param>
    /// <param name="length">Its length in tokens, special tokens included.</param>
    /// <param name="limit">The longest sequence the model accepts.</param>
    public XlmRobertaInputTooLongException(int inputIndex, int length, int limit)
        : base($"Input {inputIndex} has {length} tokens, more than the model's limit of {limit} " +
               $"(max_position_embeddings - pad_token_id - 1). Enable truncation or the sliding window.")
    {
        InputIndex = inputIndex;
        Length = length;
        Limit = limit;
    }

    /// <summary>The position of the input in the caller's list.</summary>
    public int InputIndex { get; }

    /// <summary>Its length in tokens, special tokens included.</summary>
    public int Length { get; }

    /// <summary>The longest sequence the model accepts.</summary>
    public int Limit { get; }
}

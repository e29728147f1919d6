using Microsoft.ML.XlmRoberta.Tokenization.SentencePiece;

namespace Microsoft.ML.XlmRoberta.Tokenization;

/// <summary>
/// transformers 4.28's <c>truncate_sequences</c> (right side, no stride). When the chosen sequence is not longer than
/// the number of tokens to remove, Hugging Face logs an error and truncates nothing; so does this.
/// </summary>
internal static class SequenceTruncation
{
    /// <summary>Truncates <paramref name="first"/> and <paramref name="second"/> in place; returns whether any token was removed.</summary>
    public static bool Truncate(TokenBuffer first, TokenBuffer? second, int tokensToRemove, TruncationStrategy strategy)
    {
        if (tokensToRemove <= 0)
        {
            return false;
        }

        if (strategy == TruncationStrategy.OnlyFirst || (strategy == TruncationStrategy.LongestFirst && second is null))
        {
            if (first.Count > tokensToRemove)
            {
                first.Truncate(first.Count - tokensToRemove);
                return true;
            }

            return false;
        }

        if (strategy == TruncationStrategy.LongestFirst)
        {
            int firstCount = first.Count;
            int secondCount = second!.Count;
            for (int i = 0; i < tokensToRemove; i++)
            {
                if (firstCount > secondCount)
                {
                    firstCount = Math.Max(firstCount - 1, 0);
                }
                else
                {
                    secondCount = Math.Max(secondCount - 1, 0);
                }
            }

            bool truncated = firstCount < first.Count || secondCount < second.Count;
            first.Truncate(firstCount);
            second.Truncate(secondCount);
            return truncated;
        }

        if (second is not null && second.Count > tokensToRemove)
        {
            second.Truncate(second.Count - tokensToRemove);
            return true;
        }

        return false;
    }
}

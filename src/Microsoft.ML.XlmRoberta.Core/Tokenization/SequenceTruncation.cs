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
            int kept = KeptCount(first.Count, tokensToRemove);
            bool cut = kept < first.Count;
            first.Truncate(kept);
            return cut;
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

    /// <summary>
    /// The same policy for an already encoded single sequence, <c>&lt;s&gt; text &lt;/s&gt;</c>: the text between the
    /// first and the last id loses its tail until the whole fits <paramref name="maxLength"/>. Returns
    /// <paramref name="ids"/> itself when nothing is removed.
    /// </summary>
    public static int[] TruncateEncoded(int[] ids, int maxLength)
    {
        int content = ids.Length - 2;
        int kept = KeptCount(content, ids.Length - maxLength);
        if (content <= 0 || kept == content)
        {
            return ids;
        }

        int[] cut = new int[kept + 2];
        Array.Copy(ids, cut, kept + 1);
        cut[^1] = ids[^1];
        return cut;
    }

    /// <summary>How many of <paramref name="count"/> tokens one sequence keeps; all of them when it cannot lose enough.</summary>
    private static int KeptCount(int count, int tokensToRemove) =>
        tokensToRemove > 0 && count > tokensToRemove ? count - tokensToRemove : count;
}

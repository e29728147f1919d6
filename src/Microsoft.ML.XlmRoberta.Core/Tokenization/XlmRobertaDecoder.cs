using System.Text;

namespace Microsoft.ML.XlmRoberta.Tokenization;

/// <summary>
/// transformers 4.28's slow <c>decode</c> for XLM-R: ids to tokens (special ids dropped when asked), tokens joined,
/// U+2581 replaced by spaces, the result stripped, then <c>clean_up_tokenization</c>.
/// </summary>
internal static class XlmRobertaDecoder
{
    public static string Decode(ReadOnlySpan<int> ids, Vocabulary vocabulary, bool[] isSpecial, bool skipSpecialTokens)
    {
        var builder = new StringBuilder(ids.Length * 4);
        for (int i = 0; i < ids.Length; i++)
        {
            int id = ids[i];
            if ((uint)id >= (uint)vocabulary.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(ids), id, $"Token id {id} at position {i} is outside the vocabulary [0, {vocabulary.Count}).");
            }

            if (skipSpecialTokens && isSpecial[id])
            {
                continue;
            }

            builder.Append(vocabulary[id]);
        }

        builder.Replace('\u2581', ' ');
        string text = PythonStrip(builder.ToString());
        return CleanUpTokenizationSpaces(text);
    }

    /// <summary>Hugging Face's <c>clean_up_tokenization</c>.</summary>
    public static string CleanUpTokenizationSpaces(string text) => text
        .Replace(" .", ".", StringComparison.Ordinal)
        .Replace(" ?", "?", StringComparison.Ordinal)
        .Replace(" !", "!", StringComparison.Ordinal)
        .Replace(" ,", ",", StringComparison.Ordinal)
        .Replace(" ' ", "'", StringComparison.Ordinal)
        .Replace(" n't", "n't", StringComparison.Ordinal)
        .Replace(" 'm", "'m", StringComparison.Ordinal)
        .Replace(" 's", "'s", StringComparison.Ordinal)
        .Replace(" 've", "'ve", StringComparison.Ordinal)
        .Replace(" 're", "'re", StringComparison.Ordinal);

    private static string PythonStrip(string text)
    {
        int start = 0;
        int length = text.Length;
        Normalization.Whitespace.Strip(text, ref start, ref length, left: true, right: true);
        return length == text.Length ? text : text.Substring(start, length);
    }
}

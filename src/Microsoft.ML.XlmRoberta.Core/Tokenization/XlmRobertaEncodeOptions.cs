namespace Microsoft.ML.XlmRoberta.Tokenization;

/// <summary>How Hugging Face's <c>truncate_sequences</c> removes tokens when a text (pair) is too long.</summary>
public enum TruncationStrategy
{
    /// <summary>Remove tokens one at a time from the longer sequence (the second one on ties); for a single text, from its end.</summary>
    LongestFirst,

    /// <summary>Remove tokens only from the first sequence.</summary>
    OnlyFirst,

    /// <summary>Remove tokens only from the second sequence of a pair (single texts are not truncated).</summary>
    OnlySecond,
}

/// <summary>Options of <see cref="XlmRobertaTokenizer.Encode"/> and <see cref="XlmRobertaTokenizer.EncodeBatch"/>.</summary>
public sealed class XlmRobertaEncodeOptions
{
    /// <summary>The shared default options: truncation to <see cref="XlmRobertaTokenizer.ModelMaxLength"/>, longest first, special tokens added.</summary>
    public static XlmRobertaEncodeOptions Default { get; } = new();

    /// <summary>The maximum number of tokens, special tokens included; null means <see cref="XlmRobertaTokenizer.ModelMaxLength"/>.</summary>
    public int? MaxLength { get; init; }

    /// <summary>Whether over-long input is truncated; when false it is returned whole.</summary>
    public bool Truncation { get; init; } = true;

    /// <summary>Which sequence of a pair loses tokens.</summary>
    public TruncationStrategy TruncationStrategy { get; init; } = TruncationStrategy.LongestFirst;

    /// <summary>Whether <c>&lt;s&gt;</c> and <c>&lt;/s&gt;</c> are added (<c>&lt;s&gt; A &lt;/s&gt;&lt;/s&gt; B &lt;/s&gt;</c> for pairs).</summary>
    public bool AddSpecialTokens { get; init; } = true;

    /// <summary>In batch encoding, rounds the padded length up to a multiple of this value.</summary>
    public int? PadToMultipleOf { get; init; }
}

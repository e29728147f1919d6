namespace Microsoft.ML.XlmRoberta.Tokenization.Normalization;

/// <summary>Whitespace as Python's <c>str.isspace</c>/<c>str.strip</c> see it (Hugging Face strips with these).</summary>
internal static class Whitespace
{
    public static bool IsPythonSpace(char c) => c switch
    {
        >= '\t' and <= '\r' => true,
        >= '\x1c' and <= ' ' => true,
        '\x85' or '\xa0' or '\u1680' or '\u2028' or '\u2029' or '\u202f' or '\u205f' or '\u3000' => true,
        >= '\u2000' and <= '\u200a' => true,
        _ => false,
    };

    /// <summary>Python's <c>s.strip()</c> bounds: shrinks [start, start+length) past leading and trailing whitespace.</summary>
    public static void Strip(ReadOnlySpan<char> text, ref int start, ref int length, bool left, bool right)
    {
        if (left)
        {
            while (length > 0 && IsPythonSpace(text[start]))
            {
                start++;
                length--;
            }
        }

        if (right)
        {
            while (length > 0 && IsPythonSpace(text[start + length - 1]))
            {
                length--;
            }
        }
    }

    /// <summary>As <see cref="Strip"/>, with Unicode White_Space (<see cref="char.IsWhiteSpace(char)"/>, Rust's <c>char::is_whitespace</c>).</summary>
    public static void StripUnicode(ReadOnlySpan<char> text, ref int start, ref int length, bool left, bool right)
    {
        if (left)
        {
            while (length > 0 && char.IsWhiteSpace(text[start]))
            {
                start++;
                length--;
            }
        }

        if (right)
        {
            while (length > 0 && char.IsWhiteSpace(text[start + length - 1]))
            {
                length--;
            }
        }
    }
}

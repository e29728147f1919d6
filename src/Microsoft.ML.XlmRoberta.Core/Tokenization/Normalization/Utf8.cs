namespace Microsoft.ML.XlmRoberta.Tokenization.Normalization;

/// <summary>UTF-8 helpers with SentencePiece's notion of a valid character.</summary>
internal static class Utf8
{
    /// <summary>
    /// The byte length of the well-formed UTF-8 character at the start of <paramref name="s"/>, or 0 when it is
    /// malformed (SentencePiece then consumes one byte and emits U+FFFD).
    /// </summary>
    public static int ValidCharLength(ReadOnlySpan<byte> s)
    {
        byte b0 = s[0];
        if (b0 < 0x80)
        {
            return 1;
        }

        if (b0 < 0xC2)
        {
            return 0;
        }

        if (b0 < 0xE0)
        {
            return s.Length >= 2 && IsTrail(s[1]) ? 2 : 0;
        }

        if (b0 < 0xF0)
        {
            if (s.Length < 3 || !IsTrail(s[1]) || !IsTrail(s[2]))
            {
                return 0;
            }

            int c = ((b0 & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
            return c >= 0x800 && (c < 0xD800 || c > 0xDFFF) ? 3 : 0;
        }

        if (b0 < 0xF5)
        {
            if (s.Length < 4 || !IsTrail(s[1]) || !IsTrail(s[2]) || !IsTrail(s[3]))
            {
                return 0;
            }

            int c = ((b0 & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) | (s[3] & 0x3F);
            return c >= 0x10000 && c <= 0x10FFFF ? 4 : 0;
        }

        return 0;
    }

    /// <summary>The byte length of the UTF-8 character whose lead byte is <paramref name="lead"/> (1 for trail bytes).</summary>
    public static int CharLengthFromLead(byte lead) => lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;

    private static bool IsTrail(byte b) => (b & 0xC0) == 0x80;
}

using System.Globalization;

namespace Microsoft.ML.XlmRoberta.Tokenization.TokenizerJson;

/// <summary>
/// Parses a JSON number to a <see cref="double"/> the way Hugging Face's Rust tokenizers read <c>tokenizer.json</c>:
/// serde_json without its <c>float_roundtrip</c> feature keeps up to 19 significant digits in a <see cref="ulong"/>,
/// converts it to double and multiplies or divides once by a power of ten. That can be one unit in the last place
/// away from the correctly rounded value, and Unigram ties (<c>n</c>+<c>nn</c> against <c>nn</c>+<c>n</c>) are decided
/// by those last bits, so the scores must be read exactly as Rust reads them.
/// </summary>
internal static class RustJsonFloat
{
    private static readonly double[] Pow10 = BuildPow10();

    /// <summary>Parses <paramref name="text"/> (a JSON number).</summary>
    /// <exception cref="FormatException">It is not a JSON number or is out of range.</exception>
    public static double Parse(ReadOnlySpan<char> text)
    {
        int i = 0;
        bool positive = true;
        if (i < text.Length && text[i] == '-')
        {
            positive = false;
            i++;
        }

        ulong significand = 0;
        int exponent = 0;
        bool overflowed = false;
        int digits = 0;
        for (; i < text.Length && char.IsAsciiDigit(text[i]); i++, digits++)
        {
            if (overflowed || Overflows(significand, (uint)(text[i] - '0')))
            {
                overflowed = true;
                exponent++; // parse_long_integer: further integer digits only scale
            }
            else
            {
                significand = (significand * 10) + (uint)(text[i] - '0');
            }
        }

        if (digits == 0)
        {
            throw new FormatException($"'{text}' is not a JSON number");
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            int fraction = 0;
            for (; i < text.Length && char.IsAsciiDigit(text[i]); i++, fraction++)
            {
                if (!overflowed && Overflows(significand, (uint)(text[i] - '0')))
                {
                    overflowed = true; // parse_decimal_overflow: further digits are ignored
                }

                if (!overflowed)
                {
                    significand = (significand * 10) + (uint)(text[i] - '0');
                    exponent--;
                }
            }

            if (fraction == 0)
            {
                throw new FormatException($"'{text}' has no digit after its decimal point");
            }
        }

        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            exponent += int.Parse(text.Slice(i + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            i = text.Length;
        }

        if (i != text.Length)
        {
            throw new FormatException($"'{text}' is not a JSON number");
        }

        // f64_from_parts
        double f = significand;
        while (true)
        {
            int power = Math.Abs(exponent);
            if (power < Pow10.Length)
            {
                if (exponent >= 0)
                {
                    f *= Pow10[power];
                    if (double.IsInfinity(f))
                    {
                        throw new FormatException($"'{text}' is out of range");
                    }
                }
                else
                {
                    f /= Pow10[power];
                }

                break;
            }

            if (f == 0)
            {
                break;
            }

            if (exponent >= 0)
            {
                throw new FormatException($"'{text}' is out of range");
            }

            f /= 1e308;
            exponent += 308;
        }

        return positive ? f : -f;
    }

    private static bool Overflows(ulong significand, uint digit) =>
        significand >= ulong.MaxValue / 10 && (significand > ulong.MaxValue / 10 || digit > ulong.MaxValue % 10);

    /// <summary>1e0 … 1e308, each the correctly rounded double of its literal, as Rust's constant table.</summary>
    private static double[] BuildPow10()
    {
        var table = new double[309];
        for (int k = 0; k < table.Length; k++)
        {
            table[k] = double.Parse("1e" + k.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }

        return table;
    }
}

using System.Text;

namespace Microsoft.ML.XlmRoberta.Cli.Hub;

/// <summary>
/// Shows a string that came from the server in a message: quoted, with control characters and lone surrogates escaped
/// (so it can neither break the one-line error nor drive a terminal), and shortened.
/// </summary>
internal static class ServerText
{
    private const int MaxChars = 80;

    public static string Quote(string? text)
    {
        if (text is null)
        {
            return "null";
        }

        var quoted = new StringBuilder("'");
        for (int i = 0; i < text.Length && i < MaxChars; i++)
        {
            char c = text[i];
            bool pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            if (pair)
            {
                quoted.Append(c).Append(text[++i]);
            }
            else if (char.IsControl(c) || char.IsSurrogate(c) || c is '\'' or '\\')
            {
                quoted.Append(@"\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                quoted.Append(c);
            }
        }

        return quoted.Append(text.Length > MaxChars ? "'..." : "'").ToString();
    }
}

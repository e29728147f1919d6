using System.Text;

namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>Messages made fit for one output cell or one stderr line.</summary>
internal static class RowText
{
    /// <summary>Line breaks become spaces and lone surrogates U+FFFD, so the text is one line of valid Unicode.</summary>
    public static string OneLine(string message)
    {
        StringBuilder? fixedText = null;
        for (int i = 0; i < message.Length; i++)
        {
            char c = message[i];
            char replacement = c;
            if (c is '\r' or '\n')
            {
                replacement = ' ';
            }
            else if (char.IsHighSurrogate(c) && i + 1 < message.Length && char.IsLowSurrogate(message[i + 1]))
            {
                fixedText?.Append(c).Append(message[i + 1]);
                i++;
                continue;
            }
            else if (char.IsSurrogate(c))
            {
                replacement = '\uFFFD';
            }

            if (replacement != c && fixedText is null)
            {
                fixedText = new StringBuilder(message.Length).Append(message, 0, i);
            }

            fixedText?.Append(replacement);
        }

        return fixedText?.ToString() ?? message;
    }
}

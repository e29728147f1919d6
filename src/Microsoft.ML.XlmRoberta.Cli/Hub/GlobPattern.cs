using System.Text;
using System.Text.RegularExpressions;

namespace Microsoft.ML.XlmRoberta.Cli.Hub;

/// <summary>
/// Shell-style patterns as <c>huggingface_hub</c>'s <c>allow_patterns</c> use them (Python's fnmatch): <c>*</c> matches
/// any run of characters including '/', <c>?</c> one character, <c>[abc]</c> / <c>[!abc]</c> a set.
/// </summary>
public sealed class GlobPattern
{
    private readonly Regex _regex;

    /// <summary>Compiles <paramref name="pattern"/>.</summary>
    public GlobPattern(string pattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        Pattern = pattern;
        _regex = new Regex(ToRegex(pattern), RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }

    /// <summary>The pattern as given.</summary>
    public string Pattern { get; }

    /// <summary>Whether <paramref name="path"/> matches the whole pattern.</summary>
    public bool IsMatch(string path) => _regex.IsMatch(path);

    private static string ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            switch (c)
            {
                case '*':
                    regex.Append(".*");
                    break;
                case '?':
                    regex.Append('.');
                    break;
                case '[':
                    int close = pattern.IndexOf(']', i + 2);
                    if (close < 0)
                    {
                        regex.Append(@"\[");
                        break;
                    }

                    string set = pattern[(i + 1)..close];
                    regex.Append('[').Append(set.StartsWith('!') ? "^" + Regex.Escape(set[1..]) : Regex.Escape(set)).Append(']');
                    i = close;
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return regex.Append('$').ToString();
    }
}

namespace Microsoft.ML.XlmRoberta.Cli.Hub;

/// <summary>Checks repository ids and revisions before they become paths or URLs.</summary>
internal static class HubRepoId
{
    public static string Validate(string repoId)
    {
        ArgumentNullException.ThrowIfNull(repoId);
        string[] parts = repoId.Split('/');
        bool ok = parts.Length is 1 or 2;
        foreach (string part in parts)
        {
            ok &= part.Length > 0 && part != "." && part != ".." && IsNameLike(part);
        }

        return ok
            ? repoId
            : throw new ArgumentException($"{ServerText.Quote(repoId)} is not a Hugging Face repository id (expected 'name' or 'org/name').", nameof(repoId));
    }

    /// <summary>
    /// Checks a branch, tag or commit given by the caller: it names a file under <c>refs/</c>, so it must be a relative
    /// path (e.g. <c>main</c>, <c>v1.0</c>, <c>refs/pr/1</c>) without '.', '..' or empty segments, backslashes or
    /// control characters.
    /// </summary>
    public static string ValidateRevision(string revision)
    {
        ArgumentException.ThrowIfNullOrEmpty(revision);
        string? problem = HubListing.FindPathProblem(revision);
        return problem is null
            ? revision
            : throw new ArgumentException($"the revision {ServerText.Quote(revision)} cannot be used: {problem}.", nameof(revision));
    }

    public static bool IsCommitHash([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? revision) => IsLowerHex(revision, 40);

    /// <summary>Whether <paramref name="text"/> is exactly <paramref name="length"/> lower-case hex digits.</summary>
    public static bool IsLowerHex([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? text, int length)
    {
        if (text is null || text.Length != length)
        {
            return false;
        }

        foreach (char c in text)
        {
            if (!char.IsAsciiHexDigitLower(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsNameLike(string part)
    {
        foreach (char c in part)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}

namespace Microsoft.ML.XlmRoberta.Hub;

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
            : throw new ArgumentException($"'{repoId}' is not a Hugging Face repository id (expected 'name' or 'org/name').", nameof(repoId));
    }

    public static bool IsCommitHash(string revision)
    {
        if (revision.Length != 40)
        {
            return false;
        }

        foreach (char c in revision)
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

using System.Text;
using System.Text.Json;

namespace Microsoft.ML.XlmRoberta.Cli.Hub;

/// <summary>
/// Reads the hub's repository info (<c>/api/models/{repo}/revision/{rev}?blobs=true</c>) as untrusted input: the commit
/// must be 40 hex digits, each content id a hex digest of its kind, each file name a safe relative path, and no name may
/// be both a file and a folder. Only these checked strings ever become parts of cache paths.
/// </summary>
internal static class HubListing
{
    /// <summary>The longest file or folder name most file systems accept, in UTF-8 bytes.</summary>
    public const int MaxSegmentBytes = 255;

    /// <summary>The longest relative path accepted, in UTF-8 bytes.</summary>
    public const int MaxPathBytes = 1024;

    /// <summary>The commit and the files listed in <paramref name="json"/>, which came from <paramref name="source"/>.</summary>
    public static (string Commit, List<HubFile> Files) Parse(byte[] json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new HubException($"{source} did not return the hub's repository info (invalid JSON: {e.Message}).", e);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new HubException($"{source} did not return the hub's repository info (not a JSON object).");
            }

            string commit = HexDigest(root, "sha", 40)
                ?? throw new HubException($"{source} answered the commit id {Raw(root, "sha")}; a commit id is 40 hex digits.");
            if (!root.TryGetProperty("siblings", out JsonElement siblings) || siblings.ValueKind != JsonValueKind.Array)
            {
                throw new HubException($"{source} did not list the repository's files (no \"siblings\" array).");
            }

            var files = new List<HubFile>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            var folders = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonElement sibling in siblings.EnumerateArray())
            {
                HubFile file = ReadFile(sibling);
                CheckNoCollision(file.Path, names, folders);
                files.Add(file);
            }

            return (commit, files);
        }
    }

    /// <summary>Why <paramref name="path"/> is not a safe relative file path, or null when it is.</summary>
    public static string? FindPathProblem(string path)
    {
        if (path.Length == 0)
        {
            return "it is empty";
        }

        if (path[0] == '/' || Path.IsPathRooted(path))
        {
            return "it is absolute";
        }

        for (int i = 0; i < path.Length; i++)
        {
            char c = path[i];
            if (c == '\\')
            {
                return "it contains a backslash";
            }

            if (char.IsControl(c))
            {
                return "it contains a control character";
            }

            if (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < path.Length && char.IsLowSurrogate(path[++i])))
            {
                return "it is not valid Unicode";
            }
        }

        if (Encoding.UTF8.GetByteCount(path) > MaxPathBytes)
        {
            return $"it is longer than {MaxPathBytes} bytes";
        }

        foreach (string segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment is "." or "..")
            {
                return $"it has a '{segment}' segment";
            }

            if (Encoding.UTF8.GetByteCount(segment) > MaxSegmentBytes)
            {
                return $"a name in it is longer than {MaxSegmentBytes} bytes";
            }
        }

        return null;
    }

    private static HubFile ReadFile(JsonElement sibling)
    {
        if (sibling.ValueKind != JsonValueKind.Object)
        {
            throw new HubException("the hub listed a file that is not a JSON object.");
        }

        if (!sibling.TryGetProperty("rfilename", out JsonElement name) || name.ValueKind != JsonValueKind.String)
        {
            throw new HubException($"the hub listed a file without a name (rfilename {Raw(sibling, "rfilename")}).");
        }

        string path = ReadString(name);
        if (FindPathProblem(path) is string problem)
        {
            throw new HubException($"the hub listed an unsafe file name {ServerText.Quote(path)}: {problem}.");
        }

        bool isLfs = sibling.TryGetProperty("lfs", out JsonElement lfs) && lfs.ValueKind != JsonValueKind.Null;
        JsonElement info = isLfs ? lfs : sibling;
        if (info.ValueKind != JsonValueKind.Object)
        {
            throw new HubException($"the hub listed {ServerText.Quote(path)} with an \"lfs\" entry that is not an object.");
        }

        (string property, int length, string kind) = isLfs ? ("sha256", 64, "SHA-256 (64 hex digits)") : ("blobId", 40, "git blob id (40 hex digits)");
        string etag = HexDigest(info, property, length)
            ?? throw new HubException($"the hub listed {ServerText.Quote(path)} with the {property} {Raw(info, property)}; expected a {kind}.");
        if (!info.TryGetProperty("size", out JsonElement sizeElement) || !sizeElement.TryGetInt64(out long size) || size < 0)
        {
            throw new HubException($"the hub listed {ServerText.Quote(path)} with the size {Raw(info, "size")}; expected a whole number of bytes.");
        }

        return new HubFile(path, size, etag, isLfs);
    }

    private static void CheckNoCollision(string path, HashSet<string> names, HashSet<string> folders)
    {
        if (names.Contains(path))
        {
            throw new HubException($"the hub listed the file {ServerText.Quote(path)} twice.");
        }

        if (folders.Contains(path))
        {
            throw new HubException($"the hub listed {ServerText.Quote(path)} both as a file and as a folder of other files.");
        }

        for (int slash = path.IndexOf('/'); slash >= 0; slash = path.IndexOf('/', slash + 1))
        {
            string folder = path[..slash];
            if (names.Contains(folder))
            {
                throw new HubException($"the hub listed {ServerText.Quote(folder)} both as a file and as the folder of {ServerText.Quote(path)}.");
            }

            folders.Add(folder);
        }

        names.Add(path);
    }

    /// <summary>The property as lower-case hex of exactly <paramref name="length"/> digits, or null.</summary>
    private static string? HexDigest(JsonElement owner, string property, int length)
    {
        if (!owner.TryGetProperty(property, out JsonElement value) || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        string text = ReadString(value).ToLowerInvariant();
        return HubRepoId.IsLowerHex(text, length) ? text : null;
    }

    private static string ReadString(JsonElement value)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw new HubException($"the hub's repository info holds a string that is not valid Unicode ({e.Message}).", e);
        }
    }

    /// <summary>A property's value for a message: a string quoted and escaped, null as null, other JSON as quoted raw text.</summary>
    private static string Raw(JsonElement owner, string property)
    {
        if (!owner.TryGetProperty(property, out JsonElement value))
        {
            return "(missing)";
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => ServerText.Quote(ReadString(value)),
            JsonValueKind.Null => "null",
            _ => ServerText.Quote(value.GetRawText()),
        };
    }
}

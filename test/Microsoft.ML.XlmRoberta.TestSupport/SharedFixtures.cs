namespace Microsoft.ML.XlmRoberta.TestSupport;

/// <summary>
/// Finds the shared test material (<c>../shared</c> beside the repository root, or the folder named by the
/// <c>XLMR_SHARED_DIR</c> environment variable). A fixture that is missing makes the test fail with the path it
/// looked for; no test passes without its fixture.
/// </summary>
public static class SharedFixtures
{
    /// <summary>Environment variable that overrides the location of the shared folder.</summary>
    public const string EnvironmentVariable = "XLMR_SHARED_DIR";

    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The shared folder (the one holding <c>fixtures/</c> and <c>tools/</c>).</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>The repository root (the folder holding <c>Microsoft.ML.XlmRoberta.sln</c>).</summary>
    public static string RepositoryRoot => FindRepositoryRoot()
        ?? throw new DirectoryNotFoundException(
            $"Cannot find the repository root (a folder with Microsoft.ML.XlmRoberta.sln) above '{AppContext.BaseDirectory}'.");

    /// <summary>A file under the shared folder, e.g. <c>File("fixtures/tokenizer/cases.jsonl")</c>.</summary>
    /// <exception cref="FileNotFoundException">The fixture does not exist.</exception>
    public static string File(string relativePath)
    {
        string path = System.IO.Path.GetFullPath(System.IO.Path.Combine(Root, relativePath));
        if (!System.IO.File.Exists(path))
        {
            throw new FileNotFoundException($"Required test fixture is missing: '{path}'. {Hint}", path);
        }

        return path;
    }

    /// <summary>A folder under the shared folder, e.g. <c>Directory("fixtures/models/fill-mask")</c>.</summary>
    /// <exception cref="DirectoryNotFoundException">The fixture folder does not exist.</exception>
    public static string Directory(string relativePath)
    {
        string path = System.IO.Path.GetFullPath(System.IO.Path.Combine(Root, relativePath));
        if (!System.IO.Directory.Exists(path))
        {
            throw new DirectoryNotFoundException($"Required test fixture folder is missing: '{path}'. {Hint}");
        }

        return path;
    }

    /// <summary>The folder of one of the tiny fixture models, e.g. <c>Model("feature-extraction")</c>.</summary>
    public static string Model(string name) => Directory(System.IO.Path.Combine("fixtures", "models", name));

    /// <summary>Reads a JSON-lines fixture, one element per non-empty line.</summary>
    public static IReadOnlyList<System.Text.Json.JsonElement> ReadJsonLines(string relativePath)
    {
        var rows = new List<System.Text.Json.JsonElement>();
        foreach (string line in System.IO.File.ReadLines(File(relativePath)))
        {
            if (line.Length == 0)
            {
                continue;
            }

            using var doc = System.Text.Json.JsonDocument.Parse(line);
            rows.Add(doc.RootElement.Clone());
        }

        return rows;
    }

    private const string Hint =
        "Tests read the shared fixtures from ../shared beside the repository root, or from $" + EnvironmentVariable + ".";

    private static string FindRoot()
    {
        string? overridden = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(overridden))
        {
            string full = System.IO.Path.GetFullPath(overridden);
            return System.IO.Directory.Exists(full)
                ? full
                : throw new DirectoryNotFoundException($"${EnvironmentVariable} names '{full}', which does not exist.");
        }

        string shared = System.IO.Path.GetFullPath(System.IO.Path.Combine(RepositoryRoot, "..", "shared"));
        return System.IO.Directory.Exists(shared)
            ? shared
            : throw new DirectoryNotFoundException($"The shared fixtures folder '{shared}' does not exist. {Hint}");
    }

    private static string? FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "Microsoft.ML.XlmRoberta.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}

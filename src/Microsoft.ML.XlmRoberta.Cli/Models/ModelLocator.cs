using Microsoft.ML.XlmRoberta.Cli.Hub;

namespace Microsoft.ML.XlmRoberta.Cli.Models;

/// <summary>
/// Finds the model folder a command uses: <c>--model</c>, then the <c>XLMR_MODEL</c> environment variable, then an
/// ONNX export of <c>FacebookAI/xlm-roberta-base</c> in the Hugging Face cache (for the tasks that model serves), then
/// (for a checkout of this repository) the tiny fixture model for the task in <c>../shared/fixtures/models/</c>.
/// </summary>
public static class ModelLocator
{
    /// <summary>Environment variable naming the default model folder.</summary>
    public const string ModelEnvironmentVariable = "XLMR_MODEL";

    /// <summary>Environment variable naming the shared folder (as the tests use it).</summary>
    public const string SharedEnvironmentVariable = "XLMR_SHARED_DIR";

    /// <summary>The Hugging Face repository whose cached ONNX export is the default model where it fits the task.</summary>
    public const string DefaultHubRepository = "FacebookAI/xlm-roberta-base";

    /// <summary>The command that puts <see cref="DefaultHubRepository"/> into the Hugging Face cache.</summary>
    public const string DownloadCommand =
        "xlmr download " + DefaultHubRepository + " --include 'onnx/*' --include '*.json' --include '*.model'";

    /// <summary>How to get a real model, for messages.</summary>
    public const string HowToGetAModel =
        "pass --model DIR or set XLMR_MODEL to a Hugging Face model folder with onnx/model.onnx, " +
        "or run `" + DownloadCommand + "`";

    // The tasks FacebookAI/xlm-roberta-base itself serves (it is a masked-language model without task heads).
    private static readonly string[] BaseModelTasks = ["feature-extraction", "fill-mask"];

    /// <summary>Resolves the folder, or throws a <see cref="CliException"/> saying what to do.</summary>
    /// <param name="modelOption">The <c>--model</c> value, if given.</param>
    /// <param name="fixtureTask">The fixture folder for this task, e.g. <c>feature-extraction</c>.</param>
    /// <param name="context">Environment and working directory.</param>
    public static string Resolve(string? modelOption, string fixtureTask, CliContext context)
    {
        if (!string.IsNullOrEmpty(modelOption))
        {
            return Existing(modelOption, "--model", context);
        }

        string? fromEnvironment = context.GetEnvironmentVariable(ModelEnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return Existing(fromEnvironment, ModelEnvironmentVariable, context);
        }

        return FindDefaultModel(fixtureTask, context)
            ?? throw new CliException(ExitCodes.ModelError, $"no {fixtureTask} model found: " + HowToGetAModel + ".");
    }

    /// <summary>
    /// The model a command uses when neither <c>--model</c> nor <c>XLMR_MODEL</c> names one: the cached hub export
    /// where it fits the task, else the checkout's fixture model; null when there is neither.
    /// </summary>
    public static string? FindDefaultModel(string task, CliContext context) =>
        FindCachedHubModel(task, context) ?? FindFixtureModel(task, context);

    private static string? FindCachedHubModel(string task, CliContext context)
    {
        if (Array.IndexOf(BaseModelTasks, task) < 0)
        {
            return null;
        }

        var layout = new HubCacheLayout(HubSettings.FromEnvironment(context.GetEnvironmentVariable).CacheDirectory, DefaultHubRepository);
        string? commit = layout.ReadRef("main");
        if (commit is not null && IsModelFolder(layout.SnapshotDirectory(commit)))
        {
            return layout.SnapshotDirectory(commit);
        }

        // No usable refs/main (e.g. a download pinned to a revision): the newest snapshot that holds an ONNX export.
        string snapshots = Path.Combine(layout.RepositoryDirectory, "snapshots");
        if (!Directory.Exists(snapshots))
        {
            return null;
        }

        string? newest = null;
        DateTime newestTime = DateTime.MinValue;
        foreach (string snapshot in Directory.EnumerateDirectories(snapshots))
        {
            DateTime time = Directory.GetLastWriteTimeUtc(snapshot);
            if (IsModelFolder(snapshot) && time > newestTime)
            {
                (newest, newestTime) = (snapshot, time);
            }
        }

        return newest;
    }

    private static bool IsModelFolder(string folder) =>
        File.Exists(Path.Combine(folder, "onnx", "model.onnx")) && File.Exists(Path.Combine(folder, "config.json"));

    private static string Existing(string path, string origin, CliContext context)
    {
        string full = Path.GetFullPath(path, context.CurrentDirectory);
        return Directory.Exists(full)
            ? full
            : throw new CliException(ExitCodes.ModelError, $"model folder '{full}' (from {origin}) does not exist.");
    }

    private static string? FindFixtureModel(string task, CliContext context)
    {
        string? shared = context.GetEnvironmentVariable(SharedEnvironmentVariable);
        if (string.IsNullOrEmpty(shared))
        {
            string? root = FindRepositoryRoot(context);
            shared = root is null ? null : Path.Combine(root, "..", "shared");
        }

        if (shared is null)
        {
            return null;
        }

        string folder = Path.GetFullPath(Path.Combine(shared, "fixtures", "models", task));
        return Directory.Exists(folder) ? folder : null;
    }

    /// <summary>The checkout (the folder with Microsoft.ML.XlmRoberta.sln) above the working directory or the tool, or null.</summary>
    public static string? FindRepositoryRoot(CliContext context) =>
        FindRepositoryRoot(context.CurrentDirectory) ?? FindRepositoryRoot(AppContext.BaseDirectory);

    private static string? FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Microsoft.ML.XlmRoberta.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}

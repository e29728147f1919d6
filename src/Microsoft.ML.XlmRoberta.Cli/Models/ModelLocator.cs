namespace Microsoft.ML.XlmRoberta.Cli.Models;

/// <summary>
/// Finds the model folder a command uses: <c>--model</c>, then the <c>XLMR_MODEL</c> environment variable, then
/// (for a checkout of this repository) the tiny fixture model for the task in <c>../shared/fixtures/models/</c>.
/// </summary>
public static class ModelLocator
{
    /// <summary>Environment variable naming the default model folder.</summary>
    public const string ModelEnvironmentVariable = "XLMR_MODEL";

    /// <summary>Environment variable naming the shared folder (as the tests use it).</summary>
    public const string SharedEnvironmentVariable = "XLMR_SHARED_DIR";

    /// <summary>How to get a real model, for messages.</summary>
    public const string HowToGetAModel =
        "pass --model DIR or set XLMR_MODEL to a Hugging Face model folder with onnx/model.onnx " +
        "(for example one exported with `optimum-cli export onnx --model FacebookAI/xlm-roberta-base DIR`)";

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

        string? fixture = FindFixtureModel(fixtureTask, context);
        return fixture ?? throw new CliException(ExitCodes.ModelError, "no model folder given: " + HowToGetAModel + ".");
    }

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

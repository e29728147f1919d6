namespace Microsoft.ML.XlmRoberta.Cli.Models;

/// <summary>Turns a failure to load a model folder into one clear line (exit code 3).</summary>
internal static class ModelLoading
{
    public static T Load<T>(Func<T> load, string folder)
    {
        try
        {
            return load();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or XlmRobertaException)
        {
            throw new CliException(ExitCodes.ModelError, $"cannot load the model in '{folder}': {e.Message}", e);
        }
    }
}

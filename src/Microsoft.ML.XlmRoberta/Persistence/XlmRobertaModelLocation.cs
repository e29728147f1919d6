namespace Microsoft.ML.XlmRoberta.Persistence;

/// <summary>
/// Where a model loaded with <c>mlContext.Model.Load</c> finds its XLM-R model folders. A saved pipeline records the
/// model folder's full path, not the model's files; set <see cref="Resolve"/> before loading (or before the first
/// prediction) to map recorded paths to where the folders are on this machine.
/// </summary>
public static class XlmRobertaModelLocation
{
    private static Func<string, string>? _resolve;

    /// <summary>
    /// Maps a recorded model folder to the folder to load; <see langword="null"/> (the default) loads the recorded
    /// path as it is. Applies to pipelines loaded from disk; used when their first row is mapped.
    /// </summary>
    public static Func<string, string>? Resolve
    {
        get => Volatile.Read(ref _resolve);
        set => Volatile.Write(ref _resolve, value);
    }

    internal static string Apply(string recorded)
    {
        Func<string, string>? map = Resolve;
        string folder = map is null ? recorded : map(recorded);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException(
                $"A loaded ML.NET pipeline needs the XLM-R model folder '{folder}' (saved as '{recorded}'), which does not exist; " +
                $"copy the model there or set {nameof(XlmRobertaModelLocation)}.{nameof(Resolve)}.");
        }

        return folder;
    }
}

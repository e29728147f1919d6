namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>Input formats.</summary>
public enum InputFormat
{
    /// <summary>
    /// From the file extension (.csv, .tsv, .txt, .jsonl); otherwise (stdin included) JSON lines when the first
    /// non-blank line starts with '{', else plain text.
    /// </summary>
    Auto,

    /// <summary>JSON lines: one object per line.</summary>
    Jsonl,

    /// <summary>Plain text: one input per line.</summary>
    Text,

    /// <summary>Comma-separated values with a header row.</summary>
    Csv,

    /// <summary>Tab-separated values with a header row.</summary>
    Tsv,
}

/// <summary>Output formats.</summary>
public enum OutputFormat
{
    /// <summary>From the file extension (.csv: CSV; .parquet: Parquet; anything else and stdout: JSON lines).</summary>
    Auto,

    /// <summary>JSON lines: one object per input line.</summary>
    Jsonl,

    /// <summary>CSV with a header row.</summary>
    Csv,

    /// <summary>Apache Parquet (a file only): vectors as list columns, with the record number, line and id.</summary>
    Parquet,
}

/// <summary>Resolves <see cref="InputFormat.Auto"/> and <see cref="OutputFormat.Auto"/>.</summary>
public static class FormatDetection
{
    /// <summary>The input format for <paramref name="path"/> (null for stdin).</summary>
    public static InputFormat Input(InputFormat requested, string? path) => requested != InputFormat.Auto
        ? requested
        : Path.GetExtension(path ?? string.Empty).ToLowerInvariant() switch
        {
            ".csv" => InputFormat.Csv,
            ".tsv" or ".tab" => InputFormat.Tsv,
            ".txt" or ".text" => InputFormat.Text,
            _ => InputFormat.Jsonl,
        };

    /// <summary>Whether <paramref name="path"/>'s extension says JSON lines (.jsonl, .ndjson, .json).</summary>
    public static bool IsJsonLinesName(string? path) =>
        Path.GetExtension(path ?? string.Empty).ToLowerInvariant() is ".jsonl" or ".ndjson" or ".json";

    /// <summary>The output format for <paramref name="path"/> (null for stdout).</summary>
    public static OutputFormat Output(OutputFormat requested, string? path) => requested != OutputFormat.Auto
        ? requested
        : Path.GetExtension(path ?? string.Empty).ToLowerInvariant() switch
        {
            ".csv" => OutputFormat.Csv,
            ".parquet" => OutputFormat.Parquet,
            _ => OutputFormat.Jsonl,
        };
}

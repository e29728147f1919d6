using System.Text.Json;

namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>
/// What <c>--resume</c> needs to continue a job (<c>&lt;output&gt;.xlmr-resume</c>, JSON): the options that shape the
/// output, the digest of the input consumed, and how many records and bytes of the partial file are done.
/// </summary>
internal sealed record ResumeMarker
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    /// <summary>The command and every option that shapes the output.</summary>
    public required string Options { get; init; }

    /// <summary>The input's name (path or stdin), for messages.</summary>
    public required string Input { get; init; }

    /// <summary>SHA-256 of the input bytes read to produce <see cref="Records"/> records.</summary>
    public required string InputDigest { get; init; }

    /// <summary>Input records done (one output row each).</summary>
    public long Records { get; init; }

    /// <summary>How many of them were error rows.</summary>
    public long Skipped { get; init; }

    /// <summary>Bytes of the partial file that hold those rows.</summary>
    public long Bytes { get; init; }

    /// <summary>The CSV header's columns, for CSV output; the result columns (kind:name), for Parquet output.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>
    /// Parquet output: the last bytes of those <see cref="Bytes"/> (the footer), which a row group appended after
    /// the checkpoint overwrites; resuming puts them back.
    /// </summary>
    public byte[]? Tail { get; init; }

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Writes the marker through a temporary file and a rename, so it is always whole.</summary>
    public void Save(string path)
    {
        string temporary = path + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(this, Json));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads a marker; null when there is none; a damaged one is a usage error.</summary>
    public static ResumeMarker? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            ResumeMarker? marker = JsonSerializer.Deserialize<ResumeMarker>(File.ReadAllBytes(path), Json);
            return marker is { Version: CurrentVersion, Records: >= 0, Bytes: >= 0 } && (marker.Tail?.Length ?? 0) <= marker.Bytes
                ? marker
                : throw new CliException(ExitCodes.UsageError, $"cannot resume: '{path}' is not a resume marker of this version.");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new CliException(ExitCodes.UsageError, $"cannot resume: '{path}' is damaged ({e.Message}).", e);
        }
    }
}

namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>
/// One input: its 1-based line number, the text, the optional second text of a pair, and, for commands whose second
/// member is a list (multiple choice), that list of texts.
/// </summary>
public readonly record struct InputRecord(long LineNumber, string Text, string? TextPair, IReadOnlyList<string>? TextList = null)
{
    /// <summary>
    /// The record's 0-based number in its input (every record the input yields, bad ones included; blank lines and a
    /// CSV header are not records): what <c>--shard</c> splits by. Set by the pipeline.
    /// </summary>
    public long Index { get; init; }

    /// <summary>The value of the input's <c>--id-column</c>; null when none is named or the record lacks it.</summary>
    public string? Id { get; init; }
}

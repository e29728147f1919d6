namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>
/// One input: its 1-based line number, the text, the optional second text of a pair, and, for commands whose second
/// member is a list (multiple choice), that list of texts.
/// </summary>
public readonly record struct InputRecord(long LineNumber, string Text, string? TextPair, IReadOnlyList<string>? TextList = null);

namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>One input: its 1-based line number, the text, and the optional second text of a pair.</summary>
public readonly record struct InputRecord(long LineNumber, string Text, string? TextPair);

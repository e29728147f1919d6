using System.CommandLine.Parsing;
using System.Globalization;

namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>
/// <c>--shard I/N</c>: the share of the input one of N jobs processes. Record k (0-based, in input order, counting
/// every record the input yields, bad ones included; blank lines and a CSV header are not records) belongs to shard
/// <c>k mod N</c>, so the split depends only on the input, never on the machine, the batch size or the timing, and
/// the N shards together cover every record exactly once.
/// </summary>
public readonly record struct RecordShard(int Index, int Count)
{
    /// <summary>Whether the record numbered <paramref name="record"/> (0-based) is this shard's.</summary>
    public bool Owns(long record) => record % Count == Index;

    /// <summary>Parses <c>I/N</c> with 0 ≤ I &lt; N; null and a message when the text is not such a pair.</summary>
    public static RecordShard? TryParse(string text, out string? problem)
    {
        problem = null;
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0
            || !int.TryParse(text.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int count))
        {
            problem = $"--shard must be I/N (shard I of N, 0-based, e.g. 0/4), not '{text}'.";
            return null;
        }

        if (count < 1 || index >= count)
        {
            problem = $"--shard {text}: N must be at least 1 and I within 0..N-1.";
            return null;
        }

        return new RecordShard(index, count);
    }

    /// <summary>The parser of the <c>--shard</c> option: a bad value is a usage error (exit code 2).</summary>
    internal static RecordShard? Parse(ArgumentResult result)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        RecordShard? shard = TryParse(text, out string? problem);
        if (problem is not null)
        {
            result.AddError(problem);
        }

        return shard;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Index}/{Count}";
}

namespace Microsoft.ML.XlmRoberta.DataView;

/// <summary>Reads the text (and pair) of the current row of an input row as strings.</summary>
internal sealed class TextSource
{
    private readonly ValueGetter<ReadOnlyMemory<char>> text;
    private readonly ValueGetter<ReadOnlyMemory<char>>? pair;
    private ReadOnlyMemory<char> buffer;

    public TextSource(DataViewRow row, DataViewSchema.Column textColumn, DataViewSchema.Column? pairColumn)
    {
        text = row.GetGetter<ReadOnlyMemory<char>>(textColumn);
        pair = pairColumn is DataViewSchema.Column p ? row.GetGetter<ReadOnlyMemory<char>>(p) : null;
    }

    public bool HasPair => pair is not null;

    /// <summary>The current row's text; missing text (ML.NET has no NA for text) is the empty string.</summary>
    public string Text() => Read(text);

    /// <summary>The current row's pair text.</summary>
    public string Pair() => Read(pair!);

    private string Read(ValueGetter<ReadOnlyMemory<char>> getter)
    {
        getter(ref buffer);
        return buffer.IsEmpty ? "" : buffer.ToString();
    }
}

using Microsoft.ML.Data;

namespace Microsoft.ML.XlmRoberta.Persistence;

/// <summary>What a saved transform's custom mapping reads: the configuration column and the text (pair) copies.</summary>
internal sealed class PersistedInput
{
    [ColumnName(PersistedColumns.Config)]
    public string Config { get; set; } = "";

    [ColumnName(PersistedColumns.Text)]
    public string Text { get; set; } = "";

    [ColumnName(PersistedColumns.Pair)]
    public string Pair { get; set; } = "";
}

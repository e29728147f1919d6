using System.Text.Json;
using Parquet.Schema;
using Parquet.Serialization;

namespace Microsoft.ML.XlmRoberta.Cli.Tests;

/// <summary>A Parquet file read back with Parquet.Net's own reader: its schema, row groups and rows.</summary>
internal sealed record ParquetTable(ParquetSchema Schema, int RowGroups, IReadOnlyList<Dictionary<string, object>> Rows)
{
    public static ParquetTable Read(string path)
    {
        using FileStream file = File.OpenRead(path);
        var result = ParquetSerializer.DeserializeUntypedAsync(file).GetAwaiter().GetResult();
        file.Position = 0;
        Parquet.ParquetReader reader = Parquet.ParquetReader.CreateAsync(file).GetAwaiter().GetResult();
        int rowGroups = reader.RowGroupCount;
        reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return new ParquetTable(result.Schema, rowGroups, [.. result.Data]);
    }

    /// <summary>The column names, in order.</summary>
    public string[] Columns => [.. Schema.Fields.Select(f => f.Name)];

    /// <summary>Every row as JSON text (floats in their shortest round-trip form), for exact comparison.</summary>
    public string[] RowTexts() => [.. Rows.Select(r => JsonSerializer.Serialize(Columns.ToDictionary(c => c, c => r.GetValueOrDefault(c))))];

    public static long Record(Dictionary<string, object> row) => (long)row["record"];
}

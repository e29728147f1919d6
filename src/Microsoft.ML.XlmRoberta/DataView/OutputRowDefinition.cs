using Microsoft.ML.Data;

namespace Microsoft.ML.XlmRoberta.DataView;

/// <summary>
/// A <see cref="SchemaDefinition"/> for a <c>CustomMapping</c> whose output columns are named and typed at run time:
/// the fields of <see cref="OutputRow"/> are renamed and retyped per use. <see cref="SchemaShape.Column"/> cannot be
/// constructed outside ML.NET, so this is how shapes and saved mappings describe their columns with public API.
/// </summary>
internal static class OutputRowDefinition
{
    /// <summary>A definition whose columns are <paramref name="columns"/> (name, type), in order.</summary>
    public static SchemaDefinition Create(IReadOnlyList<(string Name, OutputColumn Column)> columns)
    {
        SchemaDefinition all = SchemaDefinition.Create(typeof(OutputRow));
        var used = new HashSet<string>();
        foreach ((string name, OutputColumn column) in columns)
        {
            SchemaDefinition.Column slot = Take(all, used, column.Kind);
            slot.ColumnName = name;
            slot.ColumnType = column.Type;
        }

        all.RemoveAll(c => !used.Contains(c.MemberName));
        return all;
    }

    private static SchemaDefinition.Column Take(SchemaDefinition all, HashSet<string> used, OutputKind kind)
    {
        string prefix = kind switch
        {
            OutputKind.SingleVector => "F",
            OutputKind.Int64Vector => "L",
            OutputKind.Int32Vector => "I",
            OutputKind.TextVector => "S",
            OutputKind.Single => "X",
            OutputKind.Int32 => "N",
            _ => "T",
        };
        foreach (SchemaDefinition.Column column in all)
        {
            if (column.MemberName.StartsWith(prefix, StringComparison.Ordinal) && used.Add(column.MemberName))
            {
                return column;
            }
        }

        throw new InvalidOperationException($"Too many {kind} columns for one output row.");
    }

#pragma warning disable CS0649, CA1812 // Fields are only a typed template for SchemaDefinition.
    /// <summary>Typed slots, renamed and retyped per use.</summary>
    internal sealed class OutputRow
    {
        public float[]? F0;
        public float[]? F1;
        public float[]? F2;
        public float[]? F3;
        public long[]? L0;
        public long[]? L1;
        public int[]? I0;
        public int[]? I1;
        public string[]? S0;
        public string[]? S1;
        public string? T0;
        public string? T1;
        public float X0;
        public float X1;
        public int N0;
        public int N1;
        public int N2;
    }
#pragma warning restore CS0649, CA1812
}

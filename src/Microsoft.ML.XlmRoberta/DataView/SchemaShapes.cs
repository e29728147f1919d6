using Microsoft.ML.Data;

namespace Microsoft.ML.XlmRoberta.DataView;

/// <summary>
/// Builds <see cref="SchemaShape"/>s with public API only: <see cref="SchemaShape.Column"/> cannot be constructed
/// outside ML.NET, so a no-op <c>CustomMapping</c> estimator whose output <see cref="SchemaDefinition"/> names and
/// types the added columns at run time produces them.
/// </summary>
internal static class SchemaShapes
{
    /// <summary><paramref name="input"/> plus <paramref name="added"/> (which hide input columns of the same name).</summary>
    public static SchemaShape Append(SchemaShape input, IReadOnlyList<OutputColumn> added)
    {
        SchemaDefinition all = SchemaDefinition.Create(typeof(ShapeHolder));
        var used = new HashSet<string>();
        foreach (OutputColumn column in added)
        {
            SchemaDefinition.Column slot = Take(all, used, column.Kind);
            slot.ColumnName = column.Name;
            slot.ColumnType = column.Type;
        }

        SchemaDefinition definition = all;
        definition.RemoveAll(c => !used.Contains(c.MemberName));

        return new MLContext().Transforms.CustomMapping<ShapeSource, ShapeHolder>(static (_, _) => { }, null, null, definition).GetOutputSchema(input);
    }

    private static SchemaDefinition.Column Take(SchemaDefinition all, HashSet<string> used, OutputKind kind)
    {
        string prefix = kind switch
        {
            OutputKind.SingleVector => "F",
            OutputKind.Int64Vector => "L",
            OutputKind.Int32Vector => "I",
            OutputKind.TextVector => "S",
            _ => "T",
        };
        foreach (SchemaDefinition.Column column in all)
        {
            if (column.MemberName.StartsWith(prefix, StringComparison.Ordinal) && used.Add(column.MemberName))
            {
                return column;
            }
        }

        throw new InvalidOperationException($"Too many {kind} columns for one schema shape.");
    }

    /// <summary>No input columns.</summary>
    private sealed class ShapeSource
    {
    }

#pragma warning disable CS0649, CA1812 // Fields are only a typed template for SchemaDefinition.
    /// <summary>Typed slots, renamed and retyped per use.</summary>
    private sealed class ShapeHolder
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
    }
#pragma warning restore CS0649, CA1812
}

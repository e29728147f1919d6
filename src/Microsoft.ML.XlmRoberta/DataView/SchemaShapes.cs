namespace Microsoft.ML.XlmRoberta.DataView;

/// <summary>
/// Builds <see cref="SchemaShape"/>s with public API only: a no-op <c>CustomMapping</c> estimator whose output
/// definition (<see cref="OutputRowDefinition"/>) names and types the added columns produces them.
/// </summary>
internal static class SchemaShapes
{
    /// <summary><paramref name="input"/> plus <paramref name="added"/> (which hide input columns of the same name).</summary>
    public static SchemaShape Append(SchemaShape input, IReadOnlyList<OutputColumn> added)
    {
        var named = new List<(string, OutputColumn)>(added.Count);
        foreach (OutputColumn column in added)
        {
            named.Add((column.Name!, column));
        }

        return new MLContext().Transforms.CustomMapping<NoInput, OutputRowDefinition.OutputRow>(
            static (_, _) => { }, null, null, OutputRowDefinition.Create(named)).GetOutputSchema(input);
    }

    /// <summary>No input columns.</summary>
    private sealed class NoInput
    {
    }
}

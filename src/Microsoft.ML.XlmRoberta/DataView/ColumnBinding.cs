using Microsoft.ML.Data;

namespace Microsoft.ML.XlmRoberta.DataView;

/// <summary>
/// The columns of one transform: the text (and pair) column it reads and the output roles it adds, in schema order
/// after the input's columns.
/// </summary>
internal sealed class ColumnBinding
{
    /// <param name="inputColumn">The text column.</param>
    /// <param name="pairColumn">The second text column of pairs, or null.</param>
    /// <param name="outputs">Every output role of the task, in role order; roles without a name are left out.</param>
    /// <param name="pairIsList">Whether the pair column is a vector of texts (multiple choice's choices).</param>
    public ColumnBinding(string inputColumn, string? pairColumn, IReadOnlyList<OutputColumn> outputs, bool pairIsList = false)
    {
        PairIsList = pairIsList;
        InputColumn = inputColumn;
        PairColumn = pairColumn;
        Outputs = outputs;
        var roles = new List<int>();
        var added = new List<OutputColumn>();
        for (int role = 0; role < outputs.Count; role++)
        {
            if (outputs[role].Name is not null)
            {
                roles.Add(role);
                added.Add(outputs[role]);
            }
        }

        Roles = [.. roles];
        Added = added;
    }

    /// <summary>The text column.</summary>
    public string InputColumn { get; }

    /// <summary>The second text column of pairs, or null.</summary>
    public string? PairColumn { get; }

    /// <summary>Whether the pair column is a vector of texts.</summary>
    public bool PairIsList { get; }

    /// <summary>Every output role, in role order.</summary>
    public IReadOnlyList<OutputColumn> Outputs { get; }

    /// <summary>The added columns, in schema order.</summary>
    public IReadOnlyList<OutputColumn> Added { get; }

    /// <summary>For each added column (schema order), the role it shows.</summary>
    public int[] Roles { get; }

    /// <summary>The text and pair columns of <paramref name="schema"/>.</summary>
    /// <exception cref="XlmRobertaColumnException">A column is missing or is not scalar text.</exception>
    public (DataViewSchema.Column Text, DataViewSchema.Column? Pair) Find(DataViewSchema schema) => InputColumns.Find(schema, InputColumn, PairColumn, PairIsList);

    /// <summary>The estimator's output shape: the input's columns (already checked), then the added ones.</summary>
    public SchemaShape OutputShape(SchemaShape input) => SchemaShapes.Append(input, Added);

    /// <summary>The transformer's output schema: the input's columns, then the added ones.</summary>
    public DataViewSchema OutputSchema(DataViewSchema input)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(input);
        foreach (OutputColumn column in Added)
        {
            builder.AddColumn(column.Name!, column.Type, column.Annotations);
        }

        return builder.ToSchema();
    }

    /// <summary>Per role, whether one of the <paramref name="activeOutputs"/> (added columns, schema order) shows it.</summary>
    public bool[] ActiveRoles(bool[] activeOutputs)
    {
        var active = new bool[Outputs.Count];
        for (int i = 0; i < activeOutputs.Length; i++)
        {
            active[Roles[i]] |= activeOutputs[i];
        }

        return active;
    }
}

using Microsoft.ML.Data;
using Microsoft.ML.XlmRoberta.Engine;

namespace Microsoft.ML.XlmRoberta.DataView;

/// <summary>Checks that a schema has the text (and pair) columns a transform reads, as scalar text.</summary>
internal static class InputColumns
{
    /// <summary>The text column and, for pairs, the pair column of <paramref name="schema"/>.</summary>
    /// <exception cref="XlmRobertaColumnException">A column is missing or is not scalar text.</exception>
    public static (DataViewSchema.Column Text, DataViewSchema.Column? Pair) Find(DataViewSchema schema, TaskConfig config)
    {
        ArgumentNullException.ThrowIfNull(schema);
        DataViewSchema.Column text = Find(schema, config.InputColumn, "input");
        DataViewSchema.Column? pair = config.PairColumn is string p ? Find(schema, p, "text-pair") : null;
        return (text, pair);
    }

    /// <summary>The same check on an estimator's <see cref="SchemaShape"/>.</summary>
    public static void Check(SchemaShape shape, TaskConfig config)
    {
        ArgumentNullException.ThrowIfNull(shape);
        Check(shape, config.InputColumn, "input");
        if (config.PairColumn is string p)
        {
            Check(shape, p, "text-pair");
        }
    }

    private static DataViewSchema.Column Find(DataViewSchema schema, string name, string role)
    {
        DataViewSchema.Column column = schema.GetColumnOrNull(name)
            ?? throw new XlmRobertaColumnException(name, $"The {role} column '{name}' of the XLM-R transform is not in the input schema.");
        if (column.Type is not TextDataViewType)
        {
            throw new XlmRobertaColumnException(name, $"The {role} column '{name}' of the XLM-R transform must be scalar text (String), not {column.Type}.");
        }

        return column;
    }

    private static void Check(SchemaShape shape, string name, string role)
    {
        SchemaShape.Column? found = null;
        foreach (SchemaShape.Column candidate in shape)
        {
            if (candidate.Name == name)
            {
                found = candidate;
            }
        }

        if (found is not SchemaShape.Column column)
        {
            throw new XlmRobertaColumnException(name, $"The {role} column '{name}' of the XLM-R transform is not in the input schema.");
        }

        if (column.Kind != SchemaShape.Column.VectorKind.Scalar || column.ItemType is not TextDataViewType)
        {
            throw new XlmRobertaColumnException(
                name, $"The {role} column '{name}' of the XLM-R transform must be scalar text (String), not {column.Kind} of {column.ItemType}.");
        }
    }
}

using System.Runtime.InteropServices;
using Microsoft.ML.Data;

namespace Microsoft.ML.XlmRoberta.DataView;

/// <summary>Checks that a schema has the text (and pair) columns a transform reads, as scalar text.</summary>
internal static class InputColumns
{
    /// <summary>
    /// The text column and, for pairs, the pair column of <paramref name="schema"/>; with <paramref name="pairIsList"/>
    /// the pair column is a vector of text (multiple choice's choices).
    /// </summary>
    /// <exception cref="XlmRobertaColumnException">A column is missing or is not (a vector of) text.</exception>
    public static (DataViewSchema.Column Text, DataViewSchema.Column? Pair) Find(DataViewSchema schema, string input, string? pair, bool pairIsList = false)
    {
        ArgumentNullException.ThrowIfNull(schema);
        DataViewSchema.Column text = FindOne(schema, input, "input");
        DataViewSchema.Column? second = pair is null ? null : pairIsList ? FindList(schema, pair) : FindOne(schema, pair, "text-pair");
        return (text, second);
    }

    /// <summary>The texts of a text-vector value (missing text is the empty string).</summary>
    public static string[] ToTexts(VBuffer<ReadOnlyMemory<char>> value)
    {
        var texts = new string[value.Length];
        int i = 0;
        foreach (ReadOnlyMemory<char> item in value.DenseValues())
        {
            texts[i++] = ToText(item);
        }

        return texts;
    }

    private static DataViewSchema.Column FindList(DataViewSchema schema, string name)
    {
        DataViewSchema.Column column = schema.GetColumnOrNull(name)
            ?? throw new XlmRobertaColumnException(name, $"The choices column '{name}' of the XLM-R transform is not in the input schema.");
        if (column.Type is not VectorDataViewType { ItemType: TextDataViewType })
        {
            throw new XlmRobertaColumnException(name, $"The choices column '{name}' of the XLM-R transform must be a vector of text (String[]), not {column.Type}.");
        }

        return column;
    }

    /// <summary>The same check on an estimator's <see cref="SchemaShape"/>.</summary>
    public static void Check(SchemaShape shape, string input, string? pair, bool pairIsList = false)
    {
        ArgumentNullException.ThrowIfNull(shape);
        CheckOne(shape, input, "input");
        if (pair is not null)
        {
            CheckOne(shape, pair, pairIsList ? "choices" : "text-pair", pairIsList);
        }
    }

    /// <summary>
    /// A text value as a string; missing text (ML.NET has no NA for text) is the empty string. A value that is a whole
    /// string (as <c>LoadFromEnumerable</c> and most transforms give) is returned without a copy.
    /// </summary>
    public static string ToText(ReadOnlyMemory<char> value)
    {
        if (value.IsEmpty)
        {
            return "";
        }

        return MemoryMarshal.TryGetString(value, out string? whole, out int start, out int length) && start == 0 && length == whole.Length
            ? whole
            : value.ToString();
    }

    private static DataViewSchema.Column FindOne(DataViewSchema schema, string name, string role)
    {
        DataViewSchema.Column column = schema.GetColumnOrNull(name)
            ?? throw new XlmRobertaColumnException(name, $"The {role} column '{name}' of the XLM-R transform is not in the input schema.");
        if (column.Type is not TextDataViewType)
        {
            throw new XlmRobertaColumnException(name, $"The {role} column '{name}' of the XLM-R transform must be scalar text (String), not {column.Type}.");
        }

        return column;
    }

    private static void CheckOne(SchemaShape shape, string name, string role, bool vector = false)
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

        if (vector)
        {
            if (column.Kind == SchemaShape.Column.VectorKind.Scalar || column.ItemType is not TextDataViewType)
            {
                throw new XlmRobertaColumnException(
                    name, $"The {role} column '{name}' of the XLM-R transform must be a vector of text (String[]), not {column.Kind} of {column.ItemType}.");
            }

            return;
        }

        if (column.Kind != SchemaShape.Column.VectorKind.Scalar || column.ItemType is not TextDataViewType)
        {
            throw new XlmRobertaColumnException(
                name, $"The {role} column '{name}' of the XLM-R transform must be scalar text (String), not {column.Kind} of {column.ItemType}.");
        }
    }
}

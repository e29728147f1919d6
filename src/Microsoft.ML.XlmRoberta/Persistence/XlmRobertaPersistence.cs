using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace Microsoft.ML.XlmRoberta.Persistence;

/// <summary>
/// Gives a loaded model its batched XLM-R transforms back. <c>mlContext.Model.Load</c> recreates a saved
/// <see cref="XlmRobertaTransformer"/> as a chain of standard transforms that maps row by row (see the project
/// README); <see cref="RestoreBatching"/> replaces each such chain with an equivalent live transformer, which owns
/// its model: dispose the returned chain (or its XLM-R transformers) when done.
/// </summary>
public static class XlmRobertaPersistence
{
    /// <summary>
    /// Returns <paramref name="model"/> with every saved XLM-R transform replaced by a live
    /// <see cref="XlmRobertaTransformer"/> (read-ahead batching, same outputs); other transforms are kept as they are.
    /// Model folders go through <see cref="XlmRobertaModelLocation.Resolve"/>.
    /// </summary>
    /// <param name="model">A model returned by <c>mlContext.Model.Load</c>.</param>
    /// <param name="inputSchema">The input schema <c>Load</c> returned with it.</param>
    /// <returns>The model itself when it holds no saved XLM-R transform, otherwise a new <c>TransformerChain</c>.</returns>
    public static ITransformer RestoreBatching(ITransformer model, DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputSchema);
        return Restore(model, inputSchema);
    }

    private static ITransformer Restore(ITransformer model, DataViewSchema schema)
    {
        if (model is not TransformerChain<ITransformer> chain)
        {
            return model;
        }

        if (Recognize(chain, schema) is SavedSettings settings)
        {
            return SavedTransforms.Create(settings);
        }

        var parts = new List<ITransformer>();
        bool changed = false;
        DataViewSchema current = schema;
        foreach (ITransformer part in chain)
        {
            ITransformer restored = Restore(part, current);
            changed |= !ReferenceEquals(restored, part);
            parts.Add(restored);
            current = part.GetOutputSchema(current);
        }

        return changed ? new TransformerChain<ITransformer>([.. parts]) : model;
    }

    /// <summary>
    /// The configuration of a saved XLM-R chain — flat, first an <c>Expression</c> that computes the configuration
    /// column, last a <c>DropColumns</c> — or null.
    /// </summary>
    private static SavedSettings? Recognize(TransformerChain<ITransformer> chain, DataViewSchema schema)
    {
        ITransformer[] parts = [.. chain];
        if (parts.Length < 5 || parts[0] is not ExpressionTransformer expression || parts[^1] is not ColumnSelectingTransformer)
        {
            return null;
        }

        var probe = new OneRowTextView(schema);
        IDataView output;
        try
        {
            output = expression.Transform(probe);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return null;
        }

        if (output.Schema.GetColumnOrNull(SavedForm.ConfigColumn) is not DataViewSchema.Column column || column.Type is not TextDataViewType)
        {
            return null;
        }

        using DataViewRowCursor cursor = output.GetRowCursor([column]);
        ValueGetter<ReadOnlyMemory<char>> getter = cursor.GetGetter<ReadOnlyMemory<char>>(column);
        ReadOnlyMemory<char> value = default;
        if (!cursor.MoveNext())
        {
            return null;
        }

        getter(ref value);
        return SavedSettings.Decode(value.ToString());
    }
}

using Microsoft.ML.Data;
using Microsoft.ML.XlmRoberta.DataView;
using Microsoft.ML.XlmRoberta.Engine;

namespace Microsoft.ML.XlmRoberta.Persistence;

/// <summary>
/// What an <see cref="XlmRobertaTransformer"/> saves. ML.NET can only load its own transforms and custom mappings,
/// so the transformer saves this fitted chain of standard ones in its place:
/// <list type="number">
/// <item><c>Expression</c>: a constant column holding the configuration (model folder, settings, column names) as base64 JSON;</item>
/// <item><c>CopyColumns</c>: the text (and pair) column to fixed internal names;</item>
/// <item><c>CustomMapping</c> with a contract of this assembly (see <see cref="PersistedMappingFactory{TDst}"/>), computing every output row by row;</item>
/// <item><c>CopyColumns</c>: the outputs to the user's names; <c>DropColumns</c>: the internal columns.</item>
/// </list>
/// Loading recreates the chain (a <c>TransformerChain</c>), not an <see cref="XlmRobertaTransformer"/>.
/// </summary>
internal static class PersistedChainBuilder
{
    public static ITransformer Build(XlmRobertaTransformer transformer)
    {
        var context = new MLContext();
        TaskConfig config = transformer.Config;
        string pairSource = config.PairColumn ?? config.InputColumn;
        // EstimatorChain.Append keeps the chain flat (the IEstimator extension would nest it), so the saved chain is
        // exactly [Expression, CopyColumns x2, CustomMapping, CopyColumns..., DropColumns] (see XlmRobertaPersistence).
        EstimatorChain<ITransformer> chain = new EstimatorChain<ITransformer>()
            .Append<ITransformer>(context.Transforms.Expression(PersistedColumns.Config, $"x => \"{config.Encode()}\"", config.InputColumn))
            .Append<ITransformer>(context.Transforms.CopyColumns(PersistedColumns.Text, config.InputColumn))
            .Append<ITransformer>(context.Transforms.CopyColumns(PersistedColumns.Pair, pairSource))
            .Append<ITransformer>(PersistedMappings.Create(context, transformer.Task));
        var drop = new List<string> { PersistedColumns.Config, PersistedColumns.Text, PersistedColumns.Pair };
        for (int role = 0; role < transformer.Task.Outputs.Count; role++)
        {
            drop.Add(PersistedColumns.Output(role));
        }

        for (int i = 0; i < transformer.Roles.Length; i++)
        {
            chain = chain.Append<ITransformer>(context.Transforms.CopyColumns(transformer.OutputColumnNames[i], PersistedColumns.Output(transformer.Roles[i])));
        }

        return chain.Append<ITransformer>(context.Transforms.DropColumns([.. drop])).Fit(new EmptyDataView(Schema(config)));
    }

    private static DataViewSchema Schema(TaskConfig config)
    {
        var schema = new DataViewSchema.Builder();
        schema.AddColumn(config.InputColumn, TextDataViewType.Instance);
        if (config.PairColumn is string pair && pair != config.InputColumn)
        {
            schema.AddColumn(pair, TextDataViewType.Instance);
        }

        return schema.ToSchema();
    }
}

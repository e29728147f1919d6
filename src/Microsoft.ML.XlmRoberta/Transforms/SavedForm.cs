using Microsoft.ML.Data;
using Microsoft.ML.XlmRoberta.DataView;

namespace Microsoft.ML.XlmRoberta;

/// <summary>
/// What an <see cref="XlmRobertaTransformer"/> saves. ML.NET loads only its own transforms and custom mappings, so the
/// transformer saves this fitted chain of standard ones in its place:
/// <list type="number">
/// <item><c>Expression</c>: a constant column holding the <see cref="SavedSettings"/> as base64 JSON;</item>
/// <item><c>CopyColumns</c>: the text (and pair) column to fixed internal names;</item>
/// <item><c>CustomMapping</c> with the task's contract, computing every output role row by row once loaded (the
/// factories are in <c>Persistence/</c>);</item>
/// <item><c>CopyColumns</c>: the outputs to the user's names; <c>DropColumns</c>: the internal columns.</item>
/// </list>
/// </summary>
internal static class SavedForm
{
    /// <summary>The settings column.</summary>
    public const string ConfigColumn = "__xlmr_config";

    /// <summary>The text column copy.</summary>
    public const string TextColumn = "__xlmr_text";

    /// <summary>The pair column copy (the text again for single texts).</summary>
    public const string PairColumn = "__xlmr_pair";

    /// <summary>The internal columns of output roles 0 to 7 (the most a task has), for the saved rows' attributes.</summary>
    public const string Output0 = "__xlmr_out0";
    public const string Output1 = "__xlmr_out1";
    public const string Output2 = "__xlmr_out2";
    public const string Output3 = "__xlmr_out3";
    public const string Output4 = "__xlmr_out4";
    public const string Output5 = "__xlmr_out5";
    public const string Output6 = "__xlmr_out6";
    public const string Output7 = "__xlmr_out7";

    private static readonly string[] Outputs = [Output0, Output1, Output2, Output3, Output4, Output5, Output6, Output7];

    /// <summary>The internal column of output role <paramref name="role"/>.</summary>
    public static string OutputColumn(int role) => Outputs[role];

    /// <summary>The chain that stands for a transform with these settings, columns and custom-mapping contract.</summary>
    public static ITransformer Build(SavedSettings settings, ColumnBinding binding, string contract)
    {
        var context = new MLContext();
        string input = binding.InputColumn;
        var roles = new List<(string, OutputColumn)>();
        var drop = new List<string> { ConfigColumn, TextColumn, PairColumn };
        for (int role = 0; role < binding.Outputs.Count; role++)
        {
            roles.Add((OutputColumn(role), binding.Outputs[role]));
            drop.Add(OutputColumn(role));
        }

        // The saving side only needs the mapping's contract and output schema: ML.NET saves the contract and creates
        // the mapping from the factory of that contract when the model is loaded. EstimatorChain.Append keeps the
        // chain flat (the IEstimator extension would nest it), which RestoreBatching relies on.
        SchemaDefinition outputs = OutputRowDefinition.Create(roles);
        IEstimator<ITransformer> mapping = binding.PairIsList
            ? context.Transforms.CustomMapping<SavedListInput, OutputRowDefinition.OutputRow>(static (_, _) => NoMapping(), contract, null, outputs)
            : context.Transforms.CustomMapping<SavedInput, OutputRowDefinition.OutputRow>(static (_, _) => NoMapping(), contract, null, outputs);
        EstimatorChain<ITransformer> chain = new EstimatorChain<ITransformer>()
            .Append<ITransformer>(context.Transforms.Expression(ConfigColumn, $"x => \"{settings.Encode()}\"", input))
            .Append<ITransformer>(context.Transforms.CopyColumns(TextColumn, input))
            .Append<ITransformer>(context.Transforms.CopyColumns(PairColumn, binding.PairColumn ?? input))
            .Append(mapping);
        for (int i = 0; i < binding.Roles.Length; i++)
        {
            chain = chain.Append<ITransformer>(context.Transforms.CopyColumns(binding.Added[i].Name!, OutputColumn(binding.Roles[i])));
        }

        return chain.Append<ITransformer>(context.Transforms.DropColumns([.. drop])).Fit(new EmptyDataView(InputSchema(binding)));
    }

    private static void NoMapping() => throw new InvalidOperationException("The saving side of an XLM-R transform does not map rows.");

    private static DataViewSchema InputSchema(ColumnBinding binding)
    {
        var schema = new DataViewSchema.Builder();
        schema.AddColumn(binding.InputColumn, TextDataViewType.Instance);
        if (binding.PairColumn is string pair && pair != binding.InputColumn)
        {
            schema.AddColumn(pair, binding.PairIsList ? new VectorDataViewType(TextDataViewType.Instance) : TextDataViewType.Instance);
        }

        return schema.ToSchema();
    }
}

/// <summary>What a saved transform's custom mapping reads: the settings column and the text (pair) copies.</summary>
internal sealed class SavedInput
{
    [ColumnName(SavedForm.ConfigColumn)]
    public string Config { get; set; } = "";

    [ColumnName(SavedForm.TextColumn)]
    public string Text { get; set; } = "";

    [ColumnName(SavedForm.PairColumn)]
    public string Pair { get; set; } = "";
}

/// <summary>What a saved transform whose pair column is a vector of texts (multiple choice) reads.</summary>
internal sealed class SavedListInput
{
    [ColumnName(SavedForm.ConfigColumn)]
    public string Config { get; set; } = "";

    [ColumnName(SavedForm.TextColumn)]
    public string Text { get; set; } = "";

    [ColumnName(SavedForm.PairColumn)]
    public string[] Pair { get; set; } = [];
}

using Microsoft.ML.Data;
using Microsoft.ML.XlmRoberta.DataView;
using Microsoft.ML.XlmRoberta.Engine;
using Microsoft.ML.XlmRoberta.Persistence;

namespace Microsoft.ML.XlmRoberta;

/// <summary>
/// A fitted XLM-R transform (tokenization, embeddings, sequence or token classification): adds its columns to the
/// input, lazily, computing them in batches. One instance is safe to use from several threads; its model (an
/// ONNX Runtime session) is loaded once per model folder and settings and kept for the life of the process.
/// Saving with <c>mlContext.Model.Save</c> stores a chain of standard ML.NET transforms that recreates the mapping
/// on load (row by row; see the project README for the limits).
/// </summary>
public sealed class XlmRobertaTransformer : ITransformer
{
    private readonly Lazy<ITransformer> persisted;

    internal XlmRobertaTransformer(TaskConfig config)
    {
        Config = config;
        Task = EngineCache.GetTask(config);
        var roles = new List<int>();
        var names = new List<string>();
        for (int role = 0; role < config.OutputNames.Length && role < Task.Outputs.Count; role++)
        {
            if (config.OutputNames[role] is string name)
            {
                roles.Add(role);
                names.Add(name);
            }
        }

        Roles = [.. roles];
        OutputColumnNames = names;
        persisted = new Lazy<ITransformer>(() => PersistedChainBuilder.Build(this));
    }

    /// <summary>The text column read.</summary>
    public string InputColumnName => Config.InputColumn;

    /// <summary>The second text column of pairs, or <see langword="null"/>.</summary>
    public string? TextPairColumnName => Config.PairColumn;

    /// <summary>The columns added, in schema order.</summary>
    public IReadOnlyList<string> OutputColumnNames { get; }

    /// <summary>The model folder.</summary>
    public string ModelFolder => Config.ModelFolder;

    /// <summary>Always <see langword="true"/>: <c>PredictionEngine</c> works.</summary>
    public bool IsRowToRowMapper => true;

    internal TaskConfig Config { get; }

    internal XlmRobertaTask Task { get; }

    /// <summary>For each added column (schema order), the task role it shows.</summary>
    internal int[] Roles { get; }

    /// <summary>The schema after the transform: the input's columns, then the added ones.</summary>
    /// <exception cref="XlmRobertaColumnException">An input column is missing or is not text.</exception>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        InputColumns.Find(inputSchema, Config);
        return BuildOutputSchema(inputSchema);
    }

    /// <summary>Adds the columns to <paramref name="input"/>, lazily (nothing runs until a cursor reads them).</summary>
    /// <exception cref="XlmRobertaColumnException">An input column is missing or is not text.</exception>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new XlmRobertaDataView(input, this);
    }

    /// <summary>A row-to-row mapper (what <c>PredictionEngine</c> uses).</summary>
    /// <exception cref="XlmRobertaColumnException">An input column is missing or is not text.</exception>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => new XlmRobertaRowToRowMapper(this, inputSchema);

    /// <summary>Saves the transform as a chain of standard, loadable ML.NET transforms (see the class remarks).</summary>
    /// <param name="ctx">The save context given by <c>mlContext.Model.Save</c>.</param>
    void ICanSaveModel.Save(ModelSaveContext ctx) => persisted.Value.Save(ctx);

    internal DataViewSchema BuildOutputSchema(DataViewSchema inputSchema)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        foreach (int role in Roles)
        {
            OutputColumn column = Task.Outputs[role];
            builder.AddColumn(column.Name, column.Type, column.Annotations);
        }

        return builder.ToSchema();
    }

    /// <summary>Per task role, whether one of the <paramref name="activeOutputs"/> (schema order) shows it.</summary>
    internal bool[] ActiveRoles(bool[] activeOutputs)
    {
        var active = new bool[Task.Outputs.Count];
        for (int i = 0; i < activeOutputs.Length; i++)
        {
            active[Roles[i]] |= activeOutputs[i];
        }

        return active;
    }
}

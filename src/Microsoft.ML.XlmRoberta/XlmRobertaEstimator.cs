using Microsoft.ML.XlmRoberta.DataView;
using Microsoft.ML.XlmRoberta.Engine;

namespace Microsoft.ML.XlmRoberta;

/// <summary>
/// The estimator behind <c>TokenizeXlmRoberta</c>, <c>XlmRobertaEmbeddings</c>, <c>XlmRobertaClassify</c> and
/// <c>XlmRobertaClassifyTokens</c>. Nothing is trained: <see cref="Fit"/> checks the input columns and loads the model.
/// </summary>
public sealed class XlmRobertaEstimator : IEstimator<XlmRobertaTransformer>
{
    internal XlmRobertaEstimator(TaskConfig config) => Config = config;

    internal TaskConfig Config { get; }

    /// <summary>Checks the input columns, then loads the model (once per process for the same settings).</summary>
    /// <exception cref="XlmRobertaColumnException">An input column is missing or is not text.</exception>
    public XlmRobertaTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        InputColumns.Find(input.Schema, Config);
        return new XlmRobertaTransformer(Config);
    }

    /// <summary>The shape after the transform (loads the model to learn vector sizes).</summary>
    /// <exception cref="XlmRobertaColumnException">An input column is missing or is not text.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        InputColumns.Check(inputSchema, Config);
        XlmRobertaTask task = EngineCache.GetTask(Config);
        var added = new List<OutputColumn>();
        for (int role = 0; role < Config.OutputNames.Length && role < task.Outputs.Count; role++)
        {
            if (Config.OutputNames[role] is not null)
            {
                added.Add(task.Outputs[role]);
            }
        }

        return SchemaShapes.Append(inputSchema, added);
    }
}

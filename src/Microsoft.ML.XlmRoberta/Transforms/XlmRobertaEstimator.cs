using Microsoft.ML.XlmRoberta.DataView;

namespace Microsoft.ML.XlmRoberta;

/// <summary>
/// The base of the XLM-R estimators. Nothing is trained: <see cref="Fit"/> checks the input columns, loads the model
/// once and hands it to the transformer, which owns it from then on. <see cref="GetOutputSchema"/> reads the model
/// folder's <c>config.json</c> only (hidden size, labels), without an ONNX Runtime session.
/// </summary>
/// <typeparam name="TTransformer">The transformer <see cref="Fit"/> returns.</typeparam>
public abstract class XlmRobertaEstimator<TTransformer> : IEstimator<TTransformer>
    where TTransformer : XlmRobertaTransformer
{
    private protected XlmRobertaEstimator(string inputColumn, string? pairColumn, bool pairIsList = false)
    {
        InputColumn = inputColumn;
        PairColumn = pairColumn;
        PairIsList = pairIsList;
    }

    private bool PairIsList { get; }

    private string InputColumn { get; }

    private string? PairColumn { get; }

    /// <summary>Checks the input columns, then loads the model; the returned transformer owns it (dispose it when done).</summary>
    /// <exception cref="XlmRobertaColumnException">An input column is missing or is not text.</exception>
    public TTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        InputColumns.Find(input.Schema, InputColumn, PairColumn, PairIsList);
        return Load();
    }

    /// <summary>The shape after the transform (reads the model's <c>config.json</c> to learn vector sizes and labels).</summary>
    /// <exception cref="XlmRobertaColumnException">An input column is missing or is not text.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        InputColumns.Check(inputSchema, InputColumn, PairColumn, PairIsList);
        return DescribeColumns().OutputShape(inputSchema);
    }

    /// <summary>Loads the model and makes the transformer.</summary>
    private protected abstract TTransformer Load();

    /// <summary>The columns, from the model folder's configuration only.</summary>
    private protected abstract ColumnBinding DescribeColumns();
}

using Microsoft.ML.Data;

namespace Microsoft.ML.XlmRoberta.DataView;

/// <summary>Row-by-row mapping for <c>PredictionEngine</c> and other row-to-row consumers.</summary>
internal sealed class XlmRobertaRowToRowMapper : IRowToRowMapper
{
    private readonly XlmRobertaTransformer parent;
    private readonly DataViewSchema.Column textColumn;
    private readonly DataViewSchema.Column? pairColumn;

    public XlmRobertaRowToRowMapper(XlmRobertaTransformer parent, DataViewSchema inputSchema)
    {
        this.parent = parent;
        InputSchema = inputSchema;
        (textColumn, pairColumn) = InputColumns.Find(inputSchema, parent.Config);
        OutputSchema = parent.BuildOutputSchema(inputSchema);
    }

    public DataViewSchema InputSchema { get; }

    public DataViewSchema OutputSchema { get; }

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
    {
        var needed = new List<DataViewSchema.Column>();
        bool anyOutput = false;
        foreach (DataViewSchema.Column column in dependingColumns)
        {
            if (column.Index < InputSchema.Count)
            {
                needed.Add(InputSchema[column.Index]);
            }
            else
            {
                anyOutput = true;
            }
        }

        if (anyOutput)
        {
            needed.Add(textColumn);
            if (pairColumn is DataViewSchema.Column pair)
            {
                needed.Add(pair);
            }
        }

        return needed;
    }

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(activeColumns);
        var activeOutputs = new bool[OutputSchema.Count - InputSchema.Count];
        foreach (DataViewSchema.Column column in activeColumns)
        {
            if (column.Index >= InputSchema.Count)
            {
                activeOutputs[column.Index - InputSchema.Count] = true;
            }
        }

        return new MappedRow(OutputSchema, parent, input, activeOutputs, textColumn, pairColumn);
    }
}

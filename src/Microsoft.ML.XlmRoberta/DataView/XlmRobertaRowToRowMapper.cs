using Microsoft.ML.Data;

namespace Microsoft.ML.XlmRoberta.DataView;

/// <summary>Row-by-row mapping for <c>PredictionEngine</c> and other row-to-row consumers.</summary>
internal sealed class XlmRobertaRowToRowMapper : IRowToRowMapper
{
    private readonly ColumnBinding _binding;
    private readonly TextBatchMapper _mapper;
    private readonly (DataViewSchema.Column Text, DataViewSchema.Column? Pair) _textColumns;

    /// <exception cref="XlmRobertaColumnException">An input column is missing or is not text.</exception>
    public XlmRobertaRowToRowMapper(ColumnBinding binding, TextBatchMapper mapper, DataViewSchema inputSchema)
    {
        _binding = binding;
        _mapper = mapper;
        InputSchema = inputSchema;
        _textColumns = binding.Find(inputSchema);
        OutputSchema = binding.OutputSchema(inputSchema);
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
            needed.Add(_textColumns.Text);
            if (_textColumns.Pair is DataViewSchema.Column pair)
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

        return new MappedRow(OutputSchema, input, _binding, _mapper, activeOutputs, _textColumns);
    }
}

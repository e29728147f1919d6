namespace Microsoft.ML.XlmRoberta.DataView;

/// <summary>
/// The lazy output of an XLM-R transformer: the input's columns plus the added ones. Nothing runs until a cursor asks
/// for an added column; then the model runs once per read-ahead window (see <see cref="BatchedCursor"/>). Each cursor
/// opens one input cursor.
/// </summary>
internal sealed class XlmRobertaDataView : IDataView
{
    private readonly IDataView input;
    private readonly ColumnBinding binding;
    private readonly TextBatchMapper mapper;
    private readonly int readAheadRows;
    private readonly (DataViewSchema.Column Text, DataViewSchema.Column? Pair) textColumns;

    /// <exception cref="XlmRobertaColumnException">An input column is missing or is not text.</exception>
    public XlmRobertaDataView(IDataView input, ColumnBinding binding, TextBatchMapper mapper, int readAheadRows)
    {
        this.input = input;
        this.binding = binding;
        this.mapper = mapper;
        this.readAheadRows = readAheadRows;
        textColumns = binding.Find(input.Schema);
        Schema = binding.OutputSchema(input.Schema);
    }

    public DataViewSchema Schema { get; }

    public bool CanShuffle => input.CanShuffle;

    public long? GetRowCount() => input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        int inputCount = input.Schema.Count;
        var activeInputs = new bool[inputCount];
        var activeOutputs = new bool[Schema.Count - inputCount];
        bool computes = false;
        foreach (DataViewSchema.Column column in columnsNeeded)
        {
            if (column.Index < inputCount)
            {
                activeInputs[column.Index] = true;
            }
            else
            {
                activeOutputs[column.Index - inputCount] = true;
                computes = true;
            }
        }

        var inputColumns = new List<DataViewSchema.Column>();
        for (int i = 0; i < inputCount; i++)
        {
            if (activeInputs[i] || (computes && (i == textColumns.Text.Index || i == textColumns.Pair?.Index)))
            {
                inputColumns.Add(input.Schema[i]);
            }
        }

        // Without outputs there is nothing to batch: a window of one row.
        int capacity = computes ? readAheadRows : 1;
        if (input.GetRowCount() is long known && known < capacity)
        {
            capacity = (int)Math.Max(known, 1);
        }

        return new BatchedCursor(Schema, input.GetRowCursor(inputColumns, rand), binding, mapper, activeInputs, activeOutputs, textColumns, capacity);
    }

    /// <summary>One cursor: the model parallelizes inside ONNX Runtime, and one window batches best.</summary>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];
}

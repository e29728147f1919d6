namespace Microsoft.ML.XlmRoberta.DataView;

/// <summary>
/// The lazy output of an XLM-R transformer: the input's columns plus the added ones. Nothing runs until a cursor asks
/// for an added column; then the model runs once per read-ahead window (see <see cref="BatchedCursor"/>). Each cursor
/// opens one input cursor.
/// </summary>
internal sealed class XlmRobertaDataView : IDataView
{
    private readonly IDataView _input;
    private readonly ColumnBinding _binding;
    private readonly TextBatchMapper _mapper;
    private readonly int _readAheadRows;
    private readonly (DataViewSchema.Column Text, DataViewSchema.Column? Pair) _textColumns;

    /// <exception cref="XlmRobertaColumnException">An input column is missing or is not text.</exception>
    public XlmRobertaDataView(IDataView input, ColumnBinding binding, TextBatchMapper mapper, int readAheadRows)
    {
        _input = input;
        _binding = binding;
        _mapper = mapper;
        _readAheadRows = readAheadRows;
        _textColumns = binding.Find(input.Schema);
        Schema = binding.OutputSchema(input.Schema);
    }

    public DataViewSchema Schema { get; }

    public bool CanShuffle => _input.CanShuffle;

    public long? GetRowCount() => _input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        int inputCount = _input.Schema.Count;
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
            if (activeInputs[i] || (computes && (i == _textColumns.Text.Index || i == _textColumns.Pair?.Index)))
            {
                inputColumns.Add(_input.Schema[i]);
            }
        }

        // Without outputs there is nothing to batch: a window of one row.
        int capacity = computes ? _readAheadRows : 1;
        if (_input.GetRowCount() is long known && known < capacity)
        {
            capacity = (int)Math.Max(known, 1);
        }

        return new BatchedCursor(Schema, _input.GetRowCursor(inputColumns, rand), _binding, _mapper, activeInputs, activeOutputs, _textColumns, capacity);
    }

    /// <summary>One cursor: the model parallelizes inside ONNX Runtime, and one window batches best.</summary>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];
}

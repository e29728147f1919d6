namespace Microsoft.ML.XlmRoberta.DataView;

/// <summary>
/// The lazy output of an XLM-R transformer: the input's columns plus the task's. Nothing runs until a cursor asks
/// for an added column; then the model runs once per batch of rows (see <see cref="BatchedCursor"/>).
/// </summary>
internal sealed class XlmRobertaDataView : IDataView
{
    private readonly IDataView input;
    private readonly XlmRobertaTransformer parent;
    private readonly DataViewSchema.Column textColumn;
    private readonly DataViewSchema.Column? pairColumn;

    public XlmRobertaDataView(IDataView input, XlmRobertaTransformer parent)
    {
        this.input = input;
        this.parent = parent;
        (textColumn, pairColumn) = InputColumns.Find(input.Schema, parent.Config);
        Schema = parent.BuildOutputSchema(input.Schema);
    }

    public DataViewSchema Schema { get; }

    public bool CanShuffle => input.CanShuffle;

    public long? GetRowCount() => input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        int inputCount = input.Schema.Count;
        var activeOutputs = new bool[Schema.Count - inputCount];
        var inputColumns = new List<DataViewSchema.Column>();
        bool anyOutput = false;
        foreach (DataViewSchema.Column column in columnsNeeded)
        {
            if (column.Index < inputCount)
            {
                inputColumns.Add(input.Schema[column.Index]);
            }
            else
            {
                activeOutputs[column.Index - inputCount] = true;
                anyOutput = true;
            }
        }

        if (!anyOutput)
        {
            return new BatchedCursor(Schema, parent, input.GetRowCursor(inputColumns, rand), null, activeOutputs, textColumn, pairColumn, 0);
        }

        // Two cursors in the same order: one at the current row, one reading the text a batch ahead. A shuffled
        // request gives both the same seed; the cursor checks row ids match.
        Random? rowsRandom = null, aheadRandom = null;
        if (rand is not null)
        {
            int seed = rand.Next();
            rowsRandom = new Random(seed);
            aheadRandom = new Random(seed);
        }

        var textColumns = new List<DataViewSchema.Column> { textColumn };
        if (pairColumn is DataViewSchema.Column pair)
        {
            textColumns.Add(pair);
        }

        int capacity = parent.Config.ReadAheadRows;
        if (input.GetRowCount() is long known && known < capacity)
        {
            capacity = (int)Math.Max(known, 1);
        }

        DataViewRowCursor rows = input.GetRowCursor(inputColumns, rowsRandom);
        DataViewRowCursor ahead = input.GetRowCursor(textColumns, aheadRandom);
        return new BatchedCursor(Schema, parent, rows, ahead, activeOutputs, textColumn, pairColumn, capacity);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];
}

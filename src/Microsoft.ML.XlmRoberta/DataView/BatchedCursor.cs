using Microsoft.ML.Data;

namespace Microsoft.ML.XlmRoberta.DataView;

/// <summary>
/// A cursor over <see cref="XlmRobertaDataView"/> on a single input cursor. It reads a window of up to
/// <c>capacity</c> rows ahead — each requested input value once, into <see cref="PassThroughColumn"/> buffers, and
/// the text (and pair) once — computes the window's outputs with one call into the mapper (which batches the ONNX
/// runs by length), then serves the rows from the buffers.
/// </summary>
internal sealed class BatchedCursor : DataViewRowCursor
{
    private readonly DataViewRowCursor input;
    private readonly TextBatchMapper mapper;
    private readonly int inputCount;
    private readonly bool[] activeOutputs;
    private readonly bool[] activeRoles;
    private readonly PassThroughColumn?[] passThrough;
    private readonly PassThroughColumn[] buffered;
    private readonly ValueColumn<ReadOnlyMemory<char>>? text;
    private readonly ValueColumn<ReadOnlyMemory<char>>? pair;
    private readonly VectorColumn<ReadOnlyMemory<char>>? pairList;
    private readonly Delegate?[] outputGetters;
    private readonly BatchValues values;
    private readonly WindowSlot slot = new();
    private readonly ValueGetter<DataViewRowId> inputId;
    private readonly DataViewRowId[] ids;
    private readonly string[] texts;
    private readonly string[]? pairs;
    private readonly string[][]? pairLists;
    private int count;
    private int next;
    private long position = -1;
    private bool exhausted;

    /// <param name="schema">The output schema (input columns, then the added ones).</param>
    /// <param name="input">The one input cursor; it must have the requested input columns and, when an output is active, the text columns.</param>
    /// <param name="binding">The transform's columns.</param>
    /// <param name="mapper">The computation.</param>
    /// <param name="activeInputs">Per input column, whether it was requested.</param>
    /// <param name="activeOutputs">Per added column, whether it was requested.</param>
    /// <param name="textColumns">The input's text and pair columns.</param>
    /// <param name="capacity">Rows per window.</param>
    public BatchedCursor(
        DataViewSchema schema, DataViewRowCursor input, ColumnBinding binding, TextBatchMapper mapper, bool[] activeInputs, bool[] activeOutputs,
        (DataViewSchema.Column Text, DataViewSchema.Column? Pair) textColumns, int capacity)
    {
        Schema = schema;
        this.input = input;
        this.mapper = mapper;
        this.activeOutputs = activeOutputs;
        inputCount = activeInputs.Length;
        activeRoles = binding.ActiveRoles(activeOutputs);
        bool computes = Array.IndexOf(activeOutputs, true) >= 0;
        passThrough = new PassThroughColumn?[inputCount];
        var all = new List<PassThroughColumn>();
        for (int i = 0; i < inputCount; i++)
        {
            if (activeInputs[i] || (computes && (i == textColumns.Text.Index || i == textColumns.Pair?.Index)))
            {
                passThrough[i] = PassThroughColumn.Create(input, input.Schema[i], capacity, slot);
                all.Add(passThrough[i]!);
            }
        }

        buffered = [.. all];
        inputId = input.GetIdGetter();
        ids = new DataViewRowId[capacity];
        values = new BatchValues(binding.Outputs, computes ? capacity : 0);
        outputGetters = new Delegate?[activeOutputs.Length];
        texts = [];
        if (!computes)
        {
            return;
        }

        text = (ValueColumn<ReadOnlyMemory<char>>)passThrough[textColumns.Text.Index]!;
        PassThroughColumn? second = textColumns.Pair is DataViewSchema.Column p ? passThrough[p.Index] : null;
        pair = second as ValueColumn<ReadOnlyMemory<char>>;
        pairList = second as VectorColumn<ReadOnlyMemory<char>>;
        texts = new string[capacity];
        pairs = pair is null ? null : new string[capacity];
        pairLists = pairList is null ? null : new string[capacity][];
        for (int i = 0; i < activeOutputs.Length; i++)
        {
            if (activeOutputs[i])
            {
                int role = binding.Roles[i];
                outputGetters[i] = BatchGetters.Create(binding.Outputs[role], role, values);
            }
        }
    }

    public override DataViewSchema Schema { get; }

    public override long Position => position;

    public override long Batch => input.Batch;

    public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = ids[slot.Index];

    public override bool IsColumnActive(DataViewSchema.Column column) =>
        column.Index < inputCount ? passThrough[column.Index] is not null : activeOutputs[column.Index - inputCount];

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        Delegate getter = (column.Index < inputCount ? passThrough[column.Index]?.Getter : outputGetters[column.Index - inputCount])
            ?? throw new InvalidOperationException($"Column '{column.Name}' was not requested when the cursor was made.");
        return getter as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"Column '{column.Name}' is {column.Type}; it cannot be read as {typeof(TValue).Name}.");
    }

    /// <exception cref="ObjectDisposedException">The transformer was disposed (and an added column was requested).</exception>
    public override bool MoveNext()
    {
        if (text is not null)
        {
            mapper.ThrowIfDisposed();
        }

        if (next == count)
        {
            if (exhausted || !Fill())
            {
                return false;
            }
        }

        slot.Index = next;
        values.Row = next;
        next++;
        position++;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            input.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Reads the next window and computes its outputs; false when the input has no more rows.</summary>
    private bool Fill()
    {
        count = 0;
        next = 0;
        while (count < ids.Length)
        {
            if (!input.MoveNext())
            {
                exhausted = true;
                break;
            }

            foreach (PassThroughColumn column in buffered)
            {
                column.Read(count);
            }

            inputId(ref ids[count]);
            if (text is not null)
            {
                texts[count] = InputColumns.ToText(text[count]);
                if (pairs is not null)
                {
                    pairs[count] = InputColumns.ToText(pair![count]);
                }
                else if (pairLists is not null)
                {
                    pairLists[count] = InputColumns.ToTexts(pairList![count]);
                }
            }

            count++;
        }

        if (text is not null)
        {
            mapper.Compute(texts, pairs, count, activeRoles, values, pairLists);
        }

        return count > 0;
    }
}

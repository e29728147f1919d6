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
    private readonly DataViewRowCursor _input;
    private readonly TextBatchMapper _mapper;
    private readonly int _inputCount;
    private readonly bool[] _activeOutputs;
    private readonly bool[] _activeRoles;
    private readonly PassThroughColumn?[] _passThrough;
    private readonly PassThroughColumn[] _buffered;
    private readonly ValueColumn<ReadOnlyMemory<char>>? _text;
    private readonly ValueColumn<ReadOnlyMemory<char>>? _pair;
    private readonly VectorColumn<ReadOnlyMemory<char>>? _pairList;
    private readonly Delegate?[] _outputGetters;
    private readonly BatchValues _values;
    private readonly WindowSlot _slot = new();
    private readonly ValueGetter<DataViewRowId> _inputId;
    private readonly DataViewRowId[] _ids;
    private readonly string[] _texts;
    private readonly string[]? _pairs;
    private readonly string[][]? _pairLists;
    private int _count;
    private int _next;
    private long _position = -1;
    private bool _exhausted;

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
        _input = input;
        _mapper = mapper;
        _activeOutputs = activeOutputs;
        _inputCount = activeInputs.Length;
        _activeRoles = binding.ActiveRoles(activeOutputs);
        bool computes = Array.IndexOf(activeOutputs, true) >= 0;
        _passThrough = new PassThroughColumn?[_inputCount];
        var all = new List<PassThroughColumn>();
        for (int i = 0; i < _inputCount; i++)
        {
            if (activeInputs[i] || (computes && (i == textColumns.Text.Index || i == textColumns.Pair?.Index)))
            {
                _passThrough[i] = PassThroughColumn.Create(input, input.Schema[i], capacity, _slot);
                all.Add(_passThrough[i]!);
            }
        }

        _buffered = [.. all];
        _inputId = input.GetIdGetter();
        _ids = new DataViewRowId[capacity];
        _values = new BatchValues(binding.Outputs, computes ? capacity : 0);
        _outputGetters = new Delegate?[activeOutputs.Length];
        _texts = [];
        if (!computes)
        {
            return;
        }

        _text = (ValueColumn<ReadOnlyMemory<char>>)_passThrough[textColumns.Text.Index]!;
        PassThroughColumn? second = textColumns.Pair is DataViewSchema.Column p ? _passThrough[p.Index] : null;
        _pair = second as ValueColumn<ReadOnlyMemory<char>>;
        _pairList = second as VectorColumn<ReadOnlyMemory<char>>;
        _texts = new string[capacity];
        _pairs = _pair is null ? null : new string[capacity];
        _pairLists = _pairList is null ? null : new string[capacity][];
        for (int i = 0; i < activeOutputs.Length; i++)
        {
            if (activeOutputs[i])
            {
                int role = binding.Roles[i];
                _outputGetters[i] = BatchGetters.Create(binding.Outputs[role], role, _values);
            }
        }
    }

    public override DataViewSchema Schema { get; }

    public override long Position => _position;

    public override long Batch => _input.Batch;

    public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = _ids[_slot.Index];

    public override bool IsColumnActive(DataViewSchema.Column column) =>
        column.Index < _inputCount ? _passThrough[column.Index] is not null : _activeOutputs[column.Index - _inputCount];

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        Delegate getter = (column.Index < _inputCount ? _passThrough[column.Index]?.Getter : _outputGetters[column.Index - _inputCount])
            ?? throw new InvalidOperationException($"Column '{column.Name}' was not requested when the cursor was made.");
        return getter as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"Column '{column.Name}' is {column.Type}; it cannot be read as {typeof(TValue).Name}.");
    }

    /// <exception cref="ObjectDisposedException">The transformer was disposed (and an added column was requested).</exception>
    public override bool MoveNext()
    {
        if (_text is not null)
        {
            _mapper.ThrowIfDisposed();
        }

        if (_next == _count)
        {
            if (_exhausted || !Fill())
            {
                return false;
            }
        }

        _slot.Index = _next;
        _values.Row = _next;
        _next++;
        _position++;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _input.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Reads the next window and computes its outputs; false when the input has no more rows.</summary>
    private bool Fill()
    {
        _count = 0;
        _next = 0;
        while (_count < _ids.Length)
        {
            if (!_input.MoveNext())
            {
                _exhausted = true;
                break;
            }

            foreach (PassThroughColumn column in _buffered)
            {
                column.Read(_count);
            }

            _inputId(ref _ids[_count]);
            if (_text is not null)
            {
                _texts[_count] = InputColumns.ToText(_text[_count]);
                if (_pairs is not null)
                {
                    _pairs[_count] = InputColumns.ToText(_pair![_count]);
                }
                else if (_pairLists is not null)
                {
                    _pairLists[_count] = InputColumns.ToTexts(_pairList![_count]);
                }
            }

            _count++;
        }

        if (_text is not null)
        {
            _mapper.Compute(_texts, _pairs, _count, _activeRoles, _values, _pairLists);
        }

        return _count > 0;
    }
}

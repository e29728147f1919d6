using Microsoft.ML.Data;

namespace Microsoft.ML.XlmRoberta.DataView;

/// <summary>
/// One input row mapped by an XLM-R transform (for <see cref="XlmRobertaRowToRowMapper"/>, which
/// <c>PredictionEngine</c> uses): the added columns are computed on first read for each input position, reading the
/// text once.
/// </summary>
internal sealed class MappedRow : DataViewRow
{
    private readonly DataViewRow _input;
    private readonly TextBatchMapper _mapper;
    private readonly bool[] _activeRoles;
    private readonly AppendedColumns _columns;
    private readonly BatchValues _values;
    private readonly ValueGetter<ReadOnlyMemory<char>>? _text;
    private readonly ValueGetter<ReadOnlyMemory<char>>? _pair;
    private readonly string[] _texts = new string[1];
    private readonly string[]? _pairs;
    private readonly ValueGetter<VBuffer<ReadOnlyMemory<char>>>? _pairList;
    private readonly string[][]? _pairLists;
    private VBuffer<ReadOnlyMemory<char>> _listBuffer;
    private ReadOnlyMemory<char> _buffer;
    private long _computed = -1;

    public MappedRow(
        DataViewSchema schema, DataViewRow input, ColumnBinding binding, TextBatchMapper mapper, bool[] activeOutputs,
        (DataViewSchema.Column Text, DataViewSchema.Column? Pair) textColumns)
    {
        Schema = schema;
        _input = input;
        _mapper = mapper;
        _activeRoles = binding.ActiveRoles(activeOutputs);
        _values = new BatchValues(binding.Outputs, 1);
        var getters = new Delegate?[activeOutputs.Length];
        _columns = new AppendedColumns(input, schema.Count - activeOutputs.Length, activeOutputs, getters);
        if (Array.IndexOf(activeOutputs, true) < 0)
        {
            return;
        }

        _text = input.GetGetter<ReadOnlyMemory<char>>(textColumns.Text);
        if (textColumns.Pair is DataViewSchema.Column list && list.Type is VectorDataViewType)
        {
            _pairList = input.GetGetter<VBuffer<ReadOnlyMemory<char>>>(list);
            _pairLists = new string[1][];
        }
        else if (textColumns.Pair is DataViewSchema.Column p)
        {
            _pair = input.GetGetter<ReadOnlyMemory<char>>(p);
            _pairs = new string[1];
        }

        for (int i = 0; i < activeOutputs.Length; i++)
        {
            if (activeOutputs[i])
            {
                int role = binding.Roles[i];
                getters[i] = BatchGetters.Create(binding.Outputs[role], role, _values, Ensure);
            }
        }
    }

    public override DataViewSchema Schema { get; }

    public override long Position => _input.Position;

    public override long Batch => _input.Batch;

    public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column) => _columns.IsActive(column);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => _columns.GetGetter<TValue>(column);

    private void Ensure()
    {
        long position = _input.Position;
        if (position == _computed && position >= 0)
        {
            return;
        }

        _text!(ref _buffer);
        _texts[0] = InputColumns.ToText(_buffer);
        if (_pairs is not null)
        {
            _pair!(ref _buffer);
            _pairs[0] = InputColumns.ToText(_buffer);
        }
        else if (_pairLists is not null)
        {
            _pairList!(ref _listBuffer);
            _pairLists[0] = InputColumns.ToTexts(_listBuffer);
        }

        _mapper.Compute(_texts, _pairs, 1, _activeRoles, _values, _pairLists);
        _values.Row = 0;
        _computed = position;
    }
}

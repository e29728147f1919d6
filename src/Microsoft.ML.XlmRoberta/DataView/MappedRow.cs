using Microsoft.ML.Data;

namespace Microsoft.ML.XlmRoberta.DataView;

/// <summary>
/// One input row mapped by an XLM-R transform (for <see cref="XlmRobertaRowToRowMapper"/>, which
/// <c>PredictionEngine</c> uses): the added columns are computed on first read for each input position, reading the
/// text once.
/// </summary>
internal sealed class MappedRow : DataViewRow
{
    private readonly DataViewRow input;
    private readonly TextBatchMapper mapper;
    private readonly bool[] activeRoles;
    private readonly AppendedColumns columns;
    private readonly BatchValues values;
    private readonly ValueGetter<ReadOnlyMemory<char>>? text;
    private readonly ValueGetter<ReadOnlyMemory<char>>? pair;
    private readonly string[] texts = new string[1];
    private readonly string[]? pairs;
    private readonly ValueGetter<VBuffer<ReadOnlyMemory<char>>>? pairList;
    private readonly string[][]? pairLists;
    private VBuffer<ReadOnlyMemory<char>> listBuffer;
    private ReadOnlyMemory<char> buffer;
    private long computed = -1;

    public MappedRow(
        DataViewSchema schema, DataViewRow input, ColumnBinding binding, TextBatchMapper mapper, bool[] activeOutputs,
        (DataViewSchema.Column Text, DataViewSchema.Column? Pair) textColumns)
    {
        Schema = schema;
        this.input = input;
        this.mapper = mapper;
        activeRoles = binding.ActiveRoles(activeOutputs);
        values = new BatchValues(binding.Outputs, 1);
        var getters = new Delegate?[activeOutputs.Length];
        columns = new AppendedColumns(input, schema.Count - activeOutputs.Length, activeOutputs, getters);
        if (Array.IndexOf(activeOutputs, true) < 0)
        {
            return;
        }

        text = input.GetGetter<ReadOnlyMemory<char>>(textColumns.Text);
        if (textColumns.Pair is DataViewSchema.Column list && list.Type is VectorDataViewType)
        {
            pairList = input.GetGetter<VBuffer<ReadOnlyMemory<char>>>(list);
            pairLists = new string[1][];
        }
        else if (textColumns.Pair is DataViewSchema.Column p)
        {
            pair = input.GetGetter<ReadOnlyMemory<char>>(p);
            pairs = new string[1];
        }

        for (int i = 0; i < activeOutputs.Length; i++)
        {
            if (activeOutputs[i])
            {
                int role = binding.Roles[i];
                getters[i] = BatchGetters.Create(binding.Outputs[role], role, values, Ensure);
            }
        }
    }

    public override DataViewSchema Schema { get; }

    public override long Position => input.Position;

    public override long Batch => input.Batch;

    public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column) => columns.IsActive(column);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => columns.GetGetter<TValue>(column);

    private void Ensure()
    {
        long position = input.Position;
        if (position == computed && position >= 0)
        {
            return;
        }

        text!(ref buffer);
        texts[0] = InputColumns.ToText(buffer);
        if (pairs is not null)
        {
            pair!(ref buffer);
            pairs[0] = InputColumns.ToText(buffer);
        }
        else if (pairLists is not null)
        {
            pairList!(ref listBuffer);
            pairLists[0] = InputColumns.ToTexts(listBuffer);
        }

        mapper.Compute(texts, pairs, 1, activeRoles, values, pairLists);
        values.Row = 0;
        computed = position;
    }
}

using Microsoft.ML.Data;
using Microsoft.ML.XlmRoberta.Engine;

namespace Microsoft.ML.XlmRoberta.DataView;

/// <summary>
/// One input row mapped by an XLM-R transformer (for <see cref="XlmRobertaRowToRowMapper"/>, which
/// <c>PredictionEngine</c> uses): the added columns are computed on first read for each input position.
/// </summary>
internal sealed class MappedRow : DataViewRow
{
    private readonly DataViewRow input;
    private readonly XlmRobertaTask task;
    private readonly bool[] activeOutputs;
    private readonly bool[] activeRoles;
    private readonly Delegate?[] getters;
    private readonly AppendedColumns columns;
    private readonly BatchValues values;
    private readonly TextSource? source;
    private readonly string[] texts = new string[1];
    private readonly string[]? pairs;
    private long computed = -1;

    public MappedRow(
        DataViewSchema schema, XlmRobertaTransformer parent, DataViewRow input, bool[] activeOutputs,
        DataViewSchema.Column textColumn, DataViewSchema.Column? pairColumn)
    {
        Schema = schema;
        this.input = input;
        this.activeOutputs = activeOutputs;
        task = parent.Task;
        int inputCount = schema.Count - activeOutputs.Length;
        activeRoles = parent.ActiveRoles(activeOutputs);
        values = new BatchValues(task.Outputs, 1);
        getters = new Delegate?[activeOutputs.Length];
        columns = new AppendedColumns(input, inputCount, activeOutputs, getters, "row");
        bool any = Array.IndexOf(activeOutputs, true) >= 0;
        if (!any)
        {
            return;
        }

        source = new TextSource(input, textColumn, pairColumn);
        pairs = source.HasPair ? new string[1] : null;
        for (int i = 0; i < activeOutputs.Length; i++)
        {
            if (activeOutputs[i])
            {
                int role = parent.Roles[i];
                getters[i] = BatchGetters.Create(task.Outputs[role], role, values, Ensure);
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

        texts[0] = source!.Text();
        if (pairs is not null)
        {
            pairs[0] = source.Pair();
        }

        task.Compute(texts, pairs, 1, activeRoles, values);
        values.Row = 0;
        computed = position;
    }
}

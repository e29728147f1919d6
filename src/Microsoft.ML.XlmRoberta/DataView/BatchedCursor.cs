using Microsoft.ML.Data;
using Microsoft.ML.XlmRoberta.Engine;

namespace Microsoft.ML.XlmRoberta.DataView;

/// <summary>
/// A cursor over <see cref="XlmRobertaDataView"/>. Input columns come from a cursor on the current row; the text
/// comes from a second cursor that reads up to <see cref="TaskConfig.ReadAheadRows"/> rows ahead, and each such
/// batch is computed with one call into the core engine (which batches the ONNX runs by length). Row ids of the two
/// cursors are compared on every row.
/// </summary>
internal sealed class BatchedCursor : DataViewRowCursor
{
    private readonly DataViewRowCursor rows;
    private readonly DataViewRowCursor? ahead;
    private readonly XlmRobertaTask task;
    private readonly bool[] activeOutputs;
    private readonly bool[] activeRoles;
    private readonly Delegate?[] getters;
    private readonly AppendedColumns columns;
    private readonly BatchValues? values;
    private readonly TextSource? source;
    private readonly ValueGetter<DataViewRowId>? rowId;
    private readonly ValueGetter<DataViewRowId>? aheadId;
    private readonly string[] texts;
    private readonly string[]? pairs;
    private readonly DataViewRowId[] ids;
    private DataViewRowId currentId;
    private int count;
    private int next;

    public BatchedCursor(
        DataViewSchema schema, XlmRobertaTransformer parent, DataViewRowCursor rows, DataViewRowCursor? ahead, bool[] activeOutputs,
        DataViewSchema.Column textColumn, DataViewSchema.Column? pairColumn, int capacity)
    {
        Schema = schema;
        this.rows = rows;
        this.ahead = ahead;
        this.activeOutputs = activeOutputs;
        task = parent.Task;
        int inputCount = schema.Count - activeOutputs.Length;
        activeRoles = parent.ActiveRoles(activeOutputs);
        getters = new Delegate?[activeOutputs.Length];
        columns = new AppendedColumns(rows, inputCount, activeOutputs, getters, "cursor");
        texts = [];
        ids = [];
        if (ahead is null)
        {
            return;
        }

        values = new BatchValues(task.Outputs, capacity);
        source = new TextSource(ahead, textColumn, pairColumn);
        rowId = rows.GetIdGetter();
        aheadId = ahead.GetIdGetter();
        texts = new string[capacity];
        pairs = source.HasPair ? new string[capacity] : null;
        ids = new DataViewRowId[capacity];
        for (int i = 0; i < activeOutputs.Length; i++)
        {
            if (activeOutputs[i])
            {
                int role = parent.Roles[i];
                getters[i] = BatchGetters.Create(task.Outputs[role], role, values, static () => { });
            }
        }
    }

    public override DataViewSchema Schema { get; }

    public override long Position => rows.Position;

    public override long Batch => rows.Batch;

    public override ValueGetter<DataViewRowId> GetIdGetter() => rows.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column) => columns.IsActive(column);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => columns.GetGetter<TValue>(column);

    public override bool MoveNext()
    {
        if (!rows.MoveNext())
        {
            return false;
        }

        if (ahead is null)
        {
            return true;
        }

        if (next == count)
        {
            Fill();
        }

        rowId!(ref currentId);
        if (next >= count || !currentId.Equals(ids[next]))
        {
            throw new InvalidOperationException(
                $"The XLM-R transform's read-ahead cursor is out of step with its row cursor at row {rows.Position}; the input view does not give the same row order to two cursors.");
        }

        values!.Row = next++;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            rows.Dispose();
            ahead?.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Fill()
    {
        count = 0;
        next = 0;
        while (count < texts.Length && ahead!.MoveNext())
        {
            texts[count] = source!.Text();
            if (pairs is not null)
            {
                pairs[count] = source.Pair();
            }

            aheadId!(ref ids[count]);
            count++;
        }

        task.Compute(texts, pairs, count, activeRoles, values!);
    }
}

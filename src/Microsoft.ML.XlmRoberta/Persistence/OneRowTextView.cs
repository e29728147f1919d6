using Microsoft.ML.Data;

namespace Microsoft.ML.XlmRoberta.Persistence;

/// <summary>One row whose columns are the visible text columns of a schema, all empty: a probe for saved chains.</summary>
internal sealed class OneRowTextView : IDataView
{
    public OneRowTextView(DataViewSchema source)
    {
        var builder = new DataViewSchema.Builder();
        foreach (DataViewSchema.Column column in source)
        {
            if (!column.IsHidden && column.Type is TextDataViewType)
            {
                builder.AddColumn(column.Name, TextDataViewType.Instance);
            }
        }

        Schema = builder.ToSchema();
    }

    public DataViewSchema Schema { get; }

    public bool CanShuffle => false;

    public long? GetRowCount() => 1;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(Schema);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new Cursor(Schema)];

    private sealed class Cursor(DataViewSchema schema) : DataViewRowCursor
    {
        private long _position = -1;

        public override DataViewSchema Schema { get; } = schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool MoveNext() => ++_position == 0;

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            ValueGetter<ReadOnlyMemory<char>> getter = (ref ReadOnlyMemory<char> value) => value = ReadOnlyMemory<char>.Empty;
            return getter as ValueGetter<TValue> ?? throw new InvalidOperationException($"Column '{column.Name}' is text.");
        }
    }
}

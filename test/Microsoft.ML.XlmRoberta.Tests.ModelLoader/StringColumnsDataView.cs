using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>An in-memory view of named text columns.</summary>
internal sealed class StringColumnsDataView : IDataView
{
    private readonly List<(string Name, string[] Values)> _columns;

    public StringColumnsDataView(List<(string Name, string[] Values)> columns)
    {
        _columns = columns;
        var builder = new DataViewSchema.Builder();
        foreach (var (name, _) in columns)
        {
            builder.AddColumn(name, TextDataViewType.Instance);
        }

        Schema = builder.ToSchema();
    }

    public DataViewSchema Schema { get; }

    public bool CanShuffle => false;

    public long? GetRowCount() => _columns.Count == 0 ? 0 : _columns[0].Values.Length;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new Cursor(this)];

    private sealed class Cursor(StringColumnsDataView parent) : DataViewRowCursor
    {
        private long _position = -1;

        public override DataViewSchema Schema => parent.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool MoveNext() => ++_position < parent.GetRowCount();

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            string[] values = parent._columns[column.Index].Values;
            ValueGetter<ReadOnlyMemory<char>> getter = (ref ReadOnlyMemory<char> dst) => dst = values[_position].AsMemory();
            return (ValueGetter<TValue>)(Delegate)getter;
        }
    }
}

using Microsoft.ML.Data;

namespace Microsoft.ML.XlmRoberta.DataView;

/// <summary>The row of the read-ahead window a cursor is on, shared by its buffered columns.</summary>
internal sealed class WindowSlot
{
    public int Index { get; set; }
}

/// <summary>
/// One input column's values for a read-ahead window: each row's value is read once from the input cursor while the
/// window is filled and served from here when the cursor reaches that row, so the input is cursored only once.
/// </summary>
internal abstract class PassThroughColumn
{
    /// <summary>A buffer of <paramref name="capacity"/> values of <paramref name="column"/> read from <paramref name="input"/>.</summary>
    public static PassThroughColumn Create(DataViewRow input, DataViewSchema.Column column, int capacity, WindowSlot slot)
    {
        Type type = column.Type is VectorDataViewType vector
            ? typeof(VectorColumn<>).MakeGenericType(vector.ItemType.RawType)
            : typeof(ValueColumn<>).MakeGenericType(column.Type.RawType);
        return (PassThroughColumn)Activator.CreateInstance(type, input, column, capacity, slot)!;
    }

    /// <summary>A <c>ValueGetter</c> of the value at the current slot.</summary>
    public abstract Delegate Getter { get; }

    /// <summary>Reads the input's current value into window row <paramref name="index"/>.</summary>
    public abstract void Read(int index);
}

/// <summary>Values copied as they are: numbers, keys, and text (<see cref="ReadOnlyMemory{T}"/> of immutable characters).</summary>
internal sealed class ValueColumn<T> : PassThroughColumn
{
    private readonly ValueGetter<T> _source;
    private readonly T[] _values;

    public ValueColumn(DataViewRow input, DataViewSchema.Column column, int capacity, WindowSlot slot)
    {
        _source = input.GetGetter<T>(column);
        _values = new T[capacity];
        Getter = (ValueGetter<T>)((ref T value) => value = _values[slot.Index]);
    }

    public override Delegate Getter { get; }

    /// <summary>The value at window row <paramref name="index"/>.</summary>
    public T this[int index] => _values[index];

    public override void Read(int index) => _source(ref _values[index]);
}

/// <summary>Vectors, deep-copied into buffers owned by the window (the input may reuse its own).</summary>
internal sealed class VectorColumn<T> : PassThroughColumn
{
    private readonly ValueGetter<VBuffer<T>> _source;
    private readonly VBuffer<T>[] _values;
    private VBuffer<T> _scratch;

    public VectorColumn(DataViewRow input, DataViewSchema.Column column, int capacity, WindowSlot slot)
    {
        _source = input.GetGetter<VBuffer<T>>(column);
        _values = new VBuffer<T>[capacity];
        Getter = (ValueGetter<VBuffer<T>>)((ref VBuffer<T> value) => _values[slot.Index].CopyTo(ref value));
    }

    public override Delegate Getter { get; }

    /// <summary>The value at window row <paramref name="index"/>.</summary>
    public VBuffer<T> this[int index] => _values[index];

    public override void Read(int index)
    {
        _source(ref _scratch);
        _scratch.CopyTo(ref _values[index]);
    }
}

using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>Writes the current value of a column as JSON (numbers, text, vectors of them).</summary>
internal static class ValueWriter
{
    public static Action<Utf8JsonWriter> Create(DataViewRow row, DataViewSchema.Column column)
    {
        DataViewType type = column.Type;
        DataViewType item = type is VectorDataViewType v ? v.ItemType : type;
        bool vector = type is VectorDataViewType;
        return (item.RawType, vector) switch
        {
            (Type t, true) when t == typeof(float) => Vector<float>(row, column, (w, x) => w.WriteNumberValue(x)),
            (Type t, true) when t == typeof(long) => Vector<long>(row, column, (w, x) => w.WriteNumberValue(x)),
            (Type t, true) when t == typeof(int) => Vector<int>(row, column, (w, x) => w.WriteNumberValue(x)),
            (Type t, true) when t == typeof(ReadOnlyMemory<char>) => Vector<ReadOnlyMemory<char>>(row, column, (w, x) => w.WriteStringValue(x.Span)),
            (Type t, false) when t == typeof(float) => Scalar<float>(row, column, (w, x) => w.WriteNumberValue(x)),
            (Type t, false) when t == typeof(uint) => Scalar<uint>(row, column, (w, x) => w.WriteNumberValue(x)),
            (Type t, false) when t == typeof(ReadOnlyMemory<char>) => Scalar<ReadOnlyMemory<char>>(row, column, (w, x) => w.WriteStringValue(x.Span)),
            _ => throw new NotSupportedException($"Column '{column.Name}' has type {type}."),
        };
    }

    private static Action<Utf8JsonWriter> Vector<T>(DataViewRow row, DataViewSchema.Column column, Action<Utf8JsonWriter, T> write)
    {
        ValueGetter<VBuffer<T>> getter = row.GetGetter<VBuffer<T>>(column);
        VBuffer<T> buffer = default;
        return w =>
        {
            getter(ref buffer);
            w.WriteStartArray();
            foreach (T x in buffer.DenseValues())
            {
                write(w, x);
            }

            w.WriteEndArray();
        };
    }

    private static Action<Utf8JsonWriter> Scalar<T>(DataViewRow row, DataViewSchema.Column column, Action<Utf8JsonWriter, T> write)
    {
        ValueGetter<T> getter = row.GetGetter<T>(column);
        T value = default!;
        return w =>
        {
            getter(ref value);
            write(w, value);
        };
    }
}

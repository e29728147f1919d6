using System.Runtime.CompilerServices;

namespace Microsoft.ML.XlmRoberta.Tokenization;

/// <summary>
/// A reusable append-only buffer: cleared, not reallocated, between uses, so steady-state encoding does not allocate.
/// </summary>
internal sealed class GrowableBuffer<T>
{
    private T[] _items;

    public GrowableBuffer(int capacity = 256) => _items = new T[Math.Max(capacity, 4)];

    public int Count { get; private set; }

    public T[] Items => _items;

    public Span<T> Span => _items.AsSpan(0, Count);

    public ref T this[int index] => ref _items[index];

    public void Clear() => Count = 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(T item)
    {
        if (Count == _items.Length)
        {
            Grow(Count + 1);
        }

        _items[Count++] = item;
    }

    public void AddRange(ReadOnlySpan<T> items)
    {
        EnsureCapacity(Count + items.Length);
        items.CopyTo(_items.AsSpan(Count));
        Count += items.Length;
    }

    public void EnsureCapacity(int capacity)
    {
        if (capacity > _items.Length)
        {
            Grow(capacity);
        }
    }

    /// <summary>Sets the count after items were written straight into <see cref="Items"/> (within its capacity).</summary>
    public void SetCount(int count) => Count = count;

    /// <summary>Drops items from the end so that <paramref name="count"/> remain.</summary>
    public void Truncate(int count) => Count = Math.Min(Count, count);

    private void Grow(int minimum)
    {
        int size = Math.Max(minimum, _items.Length * 2);
        Array.Resize(ref _items, size);
    }
}

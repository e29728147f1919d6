using Microsoft.ML.Data;

namespace Microsoft.ML.XlmRoberta.DataView;

/// <summary>Getters that copy one output value of the current batch row into ML.NET's buffers.</summary>
internal static class BatchGetters
{
    /// <summary>A getter for output <paramref name="column"/>; <paramref name="ensure"/> runs first (e.g. to compute lazily).</summary>
    public static Delegate Create(OutputColumn column, int index, BatchValues values, Action ensure) => column.Kind switch
    {
        OutputKind.SingleVector => Vector<float>(index, values, ensure),
        OutputKind.Int64Vector => Vector<long>(index, values, ensure),
        OutputKind.Int32Vector => Vector<int>(index, values, ensure),
        OutputKind.TextVector => TextVector(index, values, ensure),
        _ => Text(index, values, ensure),
    };

    private static ValueGetter<VBuffer<T>> Vector<T>(int index, BatchValues values, Action ensure) =>
        (ref VBuffer<T> dst) =>
        {
            ensure();
            T[] src = ((T[][])values.Columns[index])[values.Row];
            VBufferEditor<T> editor = VBufferEditor.Create(ref dst, src.Length);
            src.AsSpan().CopyTo(editor.Values);
            dst = editor.Commit();
        };

    private static ValueGetter<VBuffer<ReadOnlyMemory<char>>> TextVector(int index, BatchValues values, Action ensure) =>
        (ref VBuffer<ReadOnlyMemory<char>> dst) =>
        {
            ensure();
            string[] src = ((string[][])values.Columns[index])[values.Row];
            VBufferEditor<ReadOnlyMemory<char>> editor = VBufferEditor.Create(ref dst, src.Length);
            for (int i = 0; i < src.Length; i++)
            {
                editor.Values[i] = src[i].AsMemory();
            }

            dst = editor.Commit();
        };

    private static ValueGetter<ReadOnlyMemory<char>> Text(int index, BatchValues values, Action ensure) =>
        (ref ReadOnlyMemory<char> dst) =>
        {
            ensure();
            dst = ((string[])values.Columns[index])[values.Row].AsMemory();
        };
}

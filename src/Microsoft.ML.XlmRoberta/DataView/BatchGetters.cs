using Microsoft.ML.Data;

namespace Microsoft.ML.XlmRoberta.DataView;

/// <summary>Getters that copy one output value of the current batch row into ML.NET's buffers.</summary>
internal static class BatchGetters
{
    /// <summary>A getter for output role <paramref name="role"/>; <paramref name="ensure"/> (if any) runs first, e.g. to compute lazily.</summary>
    public static Delegate Create(OutputColumn column, int role, BatchValues values, Action? ensure = null) => column.Kind switch
    {
        OutputKind.SingleVector => Vector<float>(role, values, ensure),
        OutputKind.Int64Vector => Vector<long>(role, values, ensure),
        OutputKind.Int32Vector => Vector<int>(role, values, ensure),
        OutputKind.TextVector => TextVector(role, values, ensure),
        OutputKind.Single => Scalar<float>(role, values, ensure),
        OutputKind.Int32 => Scalar<int>(role, values, ensure),
        _ => Text(role, values, ensure),
    };

    private static ValueGetter<T> Scalar<T>(int role, BatchValues values, Action? ensure) =>
        (ref T dst) =>
        {
            ensure?.Invoke();
            dst = ((T[])values.Columns[role])[values.Row];
        };

    private static ValueGetter<VBuffer<T>> Vector<T>(int role, BatchValues values, Action? ensure) =>
        (ref VBuffer<T> dst) =>
        {
            ensure?.Invoke();
            T[] src = ((T[][])values.Columns[role])[values.Row];
            VBufferEditor<T> editor = VBufferEditor.Create(ref dst, src.Length);
            src.AsSpan().CopyTo(editor.Values);
            dst = editor.Commit();
        };

    private static ValueGetter<VBuffer<ReadOnlyMemory<char>>> TextVector(int role, BatchValues values, Action? ensure) =>
        (ref VBuffer<ReadOnlyMemory<char>> dst) =>
        {
            ensure?.Invoke();
            string[] src = ((string[][])values.Columns[role])[values.Row];
            VBufferEditor<ReadOnlyMemory<char>> editor = VBufferEditor.Create(ref dst, src.Length);
            for (int i = 0; i < src.Length; i++)
            {
                editor.Values[i] = src[i].AsMemory();
            }

            dst = editor.Commit();
        };

    private static ValueGetter<ReadOnlyMemory<char>> Text(int role, BatchValues values, Action? ensure) =>
        (ref ReadOnlyMemory<char> dst) =>
        {
            ensure?.Invoke();
            dst = ((string[])values.Columns[role])[values.Row].AsMemory();
        };
}

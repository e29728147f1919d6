namespace Microsoft.ML.XlmRoberta.DataView;

/// <summary>
/// The computed values of one batch of rows, one storage array per output column (see <see cref="OutputKind"/>),
/// and the row of the batch a cursor is on. Owned by one cursor or row; not shared between threads.
/// </summary>
internal sealed class BatchValues
{
    public BatchValues(IReadOnlyList<OutputColumn> outputs, int capacity)
    {
        Capacity = capacity;
        Columns = new Array[outputs.Count];
        for (int i = 0; i < Columns.Length; i++)
        {
            Columns[i] = outputs[i].CreateStorage(capacity);
        }
    }

    /// <summary>The most rows a batch holds.</summary>
    public int Capacity { get; }

    /// <summary>Per output column, the batch's values.</summary>
    public Array[] Columns { get; }

    /// <summary>The row of the batch the reader is on.</summary>
    public int Row { get; set; }
}

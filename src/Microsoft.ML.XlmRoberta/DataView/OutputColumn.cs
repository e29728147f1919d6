using Microsoft.ML.Data;

namespace Microsoft.ML.XlmRoberta.DataView;

/// <summary>
/// One output role of a transform: its column name (null when the user left it out), ML.NET type, storage kind and
/// annotations.
/// </summary>
internal sealed class OutputColumn
{
    public OutputColumn(string? name, OutputKind kind, int size = 0, DataViewSchema.Annotations? annotations = null)
    {
        Name = name;
        Kind = kind;
        Size = size;
        Annotations = annotations ?? DataViewSchema.Annotations.Empty;
        Type = kind switch
        {
            OutputKind.SingleVector => new VectorDataViewType(NumberDataViewType.Single, size),
            OutputKind.Int64Vector => new VectorDataViewType(NumberDataViewType.Int64),
            OutputKind.Int32Vector => new VectorDataViewType(NumberDataViewType.Int32),
            OutputKind.TextVector => new VectorDataViewType(TextDataViewType.Instance),
            OutputKind.Single => NumberDataViewType.Single,
            OutputKind.Int32 => NumberDataViewType.Int32,
            _ => TextDataViewType.Instance,
        };
    }

    /// <summary>The column name in the output schema, or <see langword="null"/> when the role is left out.</summary>
    public string? Name { get; }

    /// <summary>How a batch holds the values.</summary>
    public OutputKind Kind { get; }

    /// <summary>The vector size for <see cref="OutputKind.SingleVector"/> (0: variable size).</summary>
    public int Size { get; }

    /// <summary>The ML.NET type.</summary>
    public DataViewType Type { get; }

    /// <summary>Slot names and the like.</summary>
    public DataViewSchema.Annotations Annotations { get; }

    /// <summary>A batch array of the storage kind for <paramref name="capacity"/> rows.</summary>
    public Array CreateStorage(int capacity) => Kind switch
    {
        OutputKind.SingleVector => new float[capacity][],
        OutputKind.Int64Vector => new long[capacity][],
        OutputKind.Int32Vector => new int[capacity][],
        OutputKind.TextVector => new string[capacity][],
        OutputKind.Single => new float[capacity],
        OutputKind.Int32 => new int[capacity],
        _ => new string[capacity],
    };
}

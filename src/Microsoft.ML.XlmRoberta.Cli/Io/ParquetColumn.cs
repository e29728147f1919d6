using Parquet;
using Parquet.Schema;

namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>What a Parquet output column holds.</summary>
internal enum ParquetColumnKind
{
    /// <summary>A whole number every row has (int64, required): the record number and the line.</summary>
    Key,

    /// <summary>A whole number or null (int64, optional).</summary>
    Integer,

    /// <summary>A model output or null (float, optional).</summary>
    Number,

    /// <summary>A vector of model outputs or null (optional list of required float).</summary>
    Numbers,

    /// <summary>A text or null (UTF-8 string, optional); nested values are JSON text.</summary>
    Text,
}

/// <summary>One column of the row group being built: its schema field and its buffered values.</summary>
internal sealed class ParquetColumn
{
    private readonly List<long> _keys = [];
    private readonly List<long?> _integers = [];
    private readonly List<float?> _numbers = [];
    private readonly List<string?> _texts = [];

    // A list column is written flat: every element with its repetition level (0 starts a row, 1 continues it) and
    // definition level (2 an element, 1 an empty list, 0 a null list).
    private readonly List<float> _elements = [];
    private readonly List<int> _definitions = [];
    private readonly List<int> _repetitions = [];

    public ParquetColumn(string name, ParquetColumnKind kind)
    {
        Name = name;
        Kind = kind;
        Field = kind switch
        {
            ParquetColumnKind.Key => new DataField<long>(name),
            ParquetColumnKind.Integer => new DataField<long?>(name),
            ParquetColumnKind.Number => new DataField<float?>(name),
            ParquetColumnKind.Numbers => new ListField(name, new DataField<float>(ListField.ElementName)),
            _ => new DataField(name, typeof(string), isNullable: true),
        };
    }

    public string Name { get; }

    public ParquetColumnKind Kind { get; }

    public Field Field { get; }

    /// <summary>The row that last set a value (the writer fills the others with nulls).</summary>
    public long LastRow { get; set; } = -1;

    /// <summary>How the column is named in a resume marker: <c>kind:name</c>.</summary>
    public string Spec => $"{Kind}:{Name}";

    /// <summary>The column a resume marker names; null when <paramref name="spec"/> is not one.</summary>
    public static ParquetColumn? FromSpec(string spec)
    {
        int colon = spec.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && Enum.TryParse(spec.AsSpan(0, colon), out ParquetColumnKind kind) && kind != ParquetColumnKind.Key
            ? new ParquetColumn(spec[(colon + 1)..], kind)
            : null;
    }

    public void AddKey(long value) => _keys.Add(value);

    public void AddInteger(long? value) => _integers.Add(value);

    public void AddNumber(float value) => _numbers.Add(value);

    public void AddText(string? value) => _texts.Add(value);

    public void AddNumbers(float[] values)
    {
        if (values.Length == 0)
        {
            _definitions.Add(1);
            _repetitions.Add(0);
            return;
        }

        for (int i = 0; i < values.Length; i++)
        {
            _elements.Add(values[i]);
            _definitions.Add(2);
            _repetitions.Add(i == 0 ? 0 : 1);
        }
    }

    public void AddNull()
    {
        switch (Kind)
        {
            case ParquetColumnKind.Integer:
                _integers.Add(null);
                break;
            case ParquetColumnKind.Number:
                _numbers.Add(null);
                break;
            case ParquetColumnKind.Numbers:
                _definitions.Add(0);
                _repetitions.Add(0);
                break;
            case ParquetColumnKind.Text:
                _texts.Add(null);
                break;
            default:
                throw new InvalidOperationException($"column '{Name}' cannot hold null");
        }
    }

    /// <summary>Writes the buffered values as this column's chunk of <paramref name="group"/>.</summary>
    public async Task WriteAsync(ParquetRowGroupWriter group)
    {
        switch (Kind)
        {
            case ParquetColumnKind.Key:
                await group.WriteAsync<long>((DataField)Field, _keys.ToArray()).ConfigureAwait(false);
                break;
            case ParquetColumnKind.Integer:
                await group.WriteAsync<long>((DataField)Field, _integers.ToArray()).ConfigureAwait(false);
                break;
            case ParquetColumnKind.Number:
                await group.WriteAsync<float>((DataField)Field, _numbers.ToArray()).ConfigureAwait(false);
                break;
            case ParquetColumnKind.Numbers:
                await group.WriteAllPartsAsync<float>((DataField)((ListField)Field).Item, _elements.ToArray(), _definitions.ToArray(), _repetitions.ToArray(), CancellationToken.None).ConfigureAwait(false);
                break;
            default:
                await group.WriteAsync((DataField)Field, _texts).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Forgets the buffered values (they are in the file).</summary>
    public void Clear()
    {
        _keys.Clear();
        _integers.Clear();
        _numbers.Clear();
        _texts.Clear();
        _elements.Clear();
        _definitions.Clear();
        _repetitions.Clear();
        LastRow = -1;
    }
}

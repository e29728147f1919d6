namespace Microsoft.ML.XlmRoberta.DataView;

/// <summary>
/// Column access for a mapped row: input columns go to the input row, appended output columns to their getters.
/// </summary>
internal sealed class AppendedColumns
{
    private readonly DataViewRow _input;
    private readonly int _inputCount;
    private readonly bool[] _activeOutputs;
    private readonly Delegate?[] _getters;

    /// <param name="input">The input row.</param>
    /// <param name="inputCount">How many leading columns of the output schema are the input's.</param>
    /// <param name="activeOutputs">Which appended columns were requested.</param>
    /// <param name="getters">The appended columns' getters (filled by the owner; null where inactive).</param>
    public AppendedColumns(DataViewRow input, int inputCount, bool[] activeOutputs, Delegate?[] getters)
    {
        _input = input;
        _inputCount = inputCount;
        _activeOutputs = activeOutputs;
        _getters = getters;
    }

    public bool IsActive(DataViewSchema.Column column) =>
        column.Index < _inputCount ? _input.IsColumnActive(_input.Schema[column.Index]) : _activeOutputs[column.Index - _inputCount];

    public ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (column.Index < _inputCount)
        {
            return _input.GetGetter<TValue>(_input.Schema[column.Index]);
        }

        Delegate getter = _getters[column.Index - _inputCount]
            ?? throw new InvalidOperationException($"Column '{column.Name}' was not requested when the row was made.");
        return getter as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"Column '{column.Name}' is {column.Type}; it cannot be read as {typeof(TValue).Name}.");
    }
}

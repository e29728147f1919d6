namespace Microsoft.ML.XlmRoberta.DataView;

/// <summary>
/// Column access for a mapped row: input columns go to the input row, appended output columns to their getters.
/// </summary>
internal sealed class AppendedColumns
{
    private readonly DataViewRow input;
    private readonly int inputCount;
    private readonly bool[] activeOutputs;
    private readonly Delegate?[] getters;

    /// <param name="input">The input row.</param>
    /// <param name="inputCount">How many leading columns of the output schema are the input's.</param>
    /// <param name="activeOutputs">Which appended columns were requested.</param>
    /// <param name="getters">The appended columns' getters (filled by the owner; null where inactive).</param>
    public AppendedColumns(DataViewRow input, int inputCount, bool[] activeOutputs, Delegate?[] getters)
    {
        this.input = input;
        this.inputCount = inputCount;
        this.activeOutputs = activeOutputs;
        this.getters = getters;
    }

    public bool IsActive(DataViewSchema.Column column) =>
        column.Index < inputCount ? input.IsColumnActive(input.Schema[column.Index]) : activeOutputs[column.Index - inputCount];

    public ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (column.Index < inputCount)
        {
            return input.GetGetter<TValue>(input.Schema[column.Index]);
        }

        Delegate getter = getters[column.Index - inputCount]
            ?? throw new InvalidOperationException($"Column '{column.Name}' was not requested when the row was made.");
        return getter as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"Column '{column.Name}' is {column.Type}; it cannot be read as {typeof(TValue).Name}.");
    }
}

namespace Microsoft.ML.XlmRoberta.DataView;

/// <summary>
/// Column access for a row that is its input row plus appended output columns: input columns go to the input row,
/// output columns to their getters. Shared by the batched cursor and the one-row mapper.
/// </summary>
internal sealed class AppendedColumns
{
    private readonly DataViewRow input;
    private readonly int inputCount;
    private readonly bool[] activeOutputs;
    private readonly Delegate?[] getters;
    private readonly string owner;

    /// <param name="input">The input row (a cursor is a row too).</param>
    /// <param name="inputCount">How many leading columns of the output schema are the input's.</param>
    /// <param name="activeOutputs">Which appended columns were requested.</param>
    /// <param name="getters">The appended columns' getters (filled by the owner; null where inactive).</param>
    /// <param name="owner">"cursor" or "row", for messages.</param>
    public AppendedColumns(DataViewRow input, int inputCount, bool[] activeOutputs, Delegate?[] getters, string owner)
    {
        this.input = input;
        this.inputCount = inputCount;
        this.activeOutputs = activeOutputs;
        this.getters = getters;
        this.owner = owner;
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
            ?? throw new InvalidOperationException($"Column '{column.Name}' was not requested when the {owner} was made.");
        return getter as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"Column '{column.Name}' is {column.Type}; it cannot be read as {typeof(TValue).Name}.");
    }
}

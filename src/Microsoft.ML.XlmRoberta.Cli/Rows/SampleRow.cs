using Microsoft.ML.XlmRoberta.Cli.Io;

namespace Microsoft.ML.XlmRoberta.Cli.Rows;

/// <summary><c>xlmr quickstart</c>: the input text (and pair) followed by the result's members.</summary>
internal sealed record SampleRow(InputRecord Record, IOutputRow Result) : IOutputRow
{
    public void WriteTo(IRowFields fields)
    {
        fields.String("text", Record.Text);
        if (Record.TextPair is { } pair)
        {
            fields.String("text_pair", pair);
        }

        Result.WriteTo(fields);
    }
}

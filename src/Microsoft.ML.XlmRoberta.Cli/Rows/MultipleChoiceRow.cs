using Microsoft.ML.XlmRoberta.Cli.Io;
using Microsoft.ML.XlmRoberta.Heads;

namespace Microsoft.ML.XlmRoberta.Cli.Rows;

/// <summary><c>xlmr multiple-choice</c>: a logit and a probability per choice, and the chosen index.</summary>
internal sealed record MultipleChoiceRow(MultipleChoiceResult Result) : IOutputRow
{
    public void WriteTo(IRowFields fields)
    {
        fields.Numbers("logits", Result.Logits);
        fields.Numbers("probs", Result.Probabilities);
        fields.Integer("label", Result.Label);
    }
}

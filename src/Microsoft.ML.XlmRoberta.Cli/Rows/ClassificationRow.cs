using Microsoft.ML.XlmRoberta.Cli.Io;
using Microsoft.ML.XlmRoberta.Heads;

namespace Microsoft.ML.XlmRoberta.Cli.Rows;

/// <summary><c>xlmr classify</c>: label, score, logits (unless left out) and probabilities.</summary>
internal sealed record ClassificationRow(ClassificationResult Result, bool WithLogits = true) : IOutputRow
{
    public void WriteTo(IRowFields fields)
    {
        fields.String("label", Result.Label);
        fields.Number("score", Result.Score);
        if (WithLogits)
        {
            fields.Numbers("logits", Result.Logits);
        }

        fields.Numbers("probs", Result.Probabilities);
    }
}

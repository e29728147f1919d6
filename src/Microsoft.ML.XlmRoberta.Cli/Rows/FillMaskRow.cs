using Microsoft.ML.XlmRoberta.Cli.Io;
using Microsoft.ML.XlmRoberta.Heads;

namespace Microsoft.ML.XlmRoberta.Cli.Rows;

/// <summary><c>xlmr fill-mask</c>: per mask, the candidates with id, token and score.</summary>
internal sealed record FillMaskRow(IReadOnlyList<MaskPrediction> Masks) : IOutputRow
{
    public void WriteTo(IRowFields fields) => fields.Structured("masks", Masks, static (w, masks) =>
    {
        w.WriteStartArray();
        foreach (MaskPrediction mask in masks)
        {
            w.WriteStartArray();
            foreach (MaskCandidate candidate in mask.Candidates)
            {
                w.WriteStartObject();
                w.WriteNumber("id", candidate.TokenId);
                w.WriteString("token", candidate.Token);
                w.WriteFinite("score", candidate.Score);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndArray();
    });
}

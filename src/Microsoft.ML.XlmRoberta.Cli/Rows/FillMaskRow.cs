using Microsoft.ML.XlmRoberta.Cli.Io;
using Microsoft.ML.XlmRoberta.Heads;
using Microsoft.ML.XlmRoberta.Server;

namespace Microsoft.ML.XlmRoberta.Cli.Rows;

/// <summary><c>xlmr fill-mask</c>: per mask, the candidates with id, token and score (as the server's <c>/fill-mask</c>).</summary>
internal sealed record FillMaskRow(IReadOnlyList<MaskPrediction> Masks) : IOutputRow
{
    public void WriteTo(IRowFields fields) =>
        fields.Structured("masks", Masks, static (w, masks) => HeadJson.WriteMasks(w, masks, JsonArrays.WriteFinite));
}

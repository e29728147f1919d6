using Microsoft.ML.XlmRoberta.Heads;

namespace Microsoft.ML.XlmRoberta.Interactive;

/// <summary>The candidates for one mask position as a ranked table.</summary>
internal static class FillMaskFormatter
{
    public static void Write(MaskPrediction prediction, TextWriter writer)
    {
        writer.Write($"<div class=\"xlmr-fill-mask\"><div>mask at token {prediction.Position}</div><table>");
        Html.HeaderRow(writer, "rank", "token", "id", "score");
        writer.Write("<tbody>");
        for (int i = 0; i < prediction.Candidates.Count; i++)
        {
            MaskCandidate candidate = prediction.Candidates[i];
            writer.Write("<tr>");
            Html.Cell(writer, i + 1);
            Html.Cell(writer, candidate.Token);
            Html.Cell(writer, candidate.TokenId);
            Html.Cell(writer, candidate.Score);
            writer.Write("</tr>");
        }
        writer.Write("</tbody></table></div>");
    }
}

using System.Globalization;
using Microsoft.ML.XlmRoberta.Pooling;

namespace Microsoft.ML.XlmRoberta.Interactive;

/// <summary>A batch of pooled embeddings as its shape, then one row per text: token count, L2 norm, first values.</summary>
internal static class EmbeddingFormatter
{
    /// <summary>How many leading values of each vector the preview shows.</summary>
    public const int PreviewValues = 6;

    public static void Write(EmbeddingResult[] batch, TextWriter writer)
    {
        int dimension = batch.Length == 0 ? 0 : batch[0].Dimension;
        writer.Write(string.Create(CultureInfo.InvariantCulture, $"<div class=\"xlmr-embeddings\"><div>shape [{batch.Length}, {dimension}]</div>"));
        writer.Write("<table>");
        Html.HeaderRow(writer, "#", "tokens", "L2 norm", "preview");
        writer.Write("<tbody>");
        int rows = Math.Min(batch.Length, Html.MaxRows);
        for (int i = 0; i < rows; i++)
        {
            float[] vector = batch[i].Embedding;
            writer.Write("<tr>");
            Html.Cell(writer, i);
            Html.Cell(writer, batch[i].TokenCount);
            Html.Cell(writer, Norm(vector));
            writer.Write("<td>[");
            int shown = Math.Min(vector.Length, PreviewValues);
            for (int j = 0; j < shown; j++)
            {
                if (j > 0)
                {
                    writer.Write(", ");
                }
                Html.Number(writer, vector[j]);
            }
            writer.Write(vector.Length > shown ? ", …]</td>" : "]</td>");
            writer.Write("</tr>");
        }
        writer.Write("</tbody></table>");
        Html.LeftOut(writer, batch.Length);
        writer.Write("</div>");
    }

    private static float Norm(float[] vector)
    {
        double sum = 0;
        foreach (float value in vector)
        {
            sum += (double)value * value;
        }
        return (float)Math.Sqrt(sum);
    }
}

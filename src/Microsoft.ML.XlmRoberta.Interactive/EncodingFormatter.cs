using Microsoft.ML.XlmRoberta.Tokenization;

namespace Microsoft.ML.XlmRoberta.Interactive;

/// <summary>An encoding as a table: position, token, id, UTF-16 offsets and sequence id, one row per token.</summary>
internal static class EncodingFormatter
{
    public static void Write(XlmRobertaEncoding encoding, TextWriter writer)
    {
        writer.Write($"<div class=\"xlmr-encoding\"><div>{encoding.Count} tokens{(encoding.IsTruncated ? " (truncated)" : "")}</div>");
        writer.Write("<table>");
        Html.HeaderRow(writer, "#", "token", "id", "offset", "sequence");
        writer.Write("<tbody>");
        int rows = Math.Min(encoding.Count, Html.MaxRows);
        for (int i = 0; i < rows; i++)
        {
            writer.Write("<tr>");
            Html.Cell(writer, i);
            Html.Cell(writer, encoding.Tokens[i]);
            Html.Cell(writer, encoding.Ids[i]);
            Html.Cell(writer, encoding.Offsets[i].ToString());
            Html.Cell(writer, encoding.SequenceIds[i]);
            writer.Write("</tr>");
        }
        writer.Write("</tbody></table>");
        Html.LeftOut(writer, encoding.Count);
        writer.Write("</div>");
    }
}

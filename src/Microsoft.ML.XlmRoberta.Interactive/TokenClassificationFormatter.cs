using Microsoft.ML.XlmRoberta.Heads;

namespace Microsoft.ML.XlmRoberta.Interactive;

/// <summary>
/// A token-classification result as highlighted text, then its entities as a table. The result carries tokens and
/// offsets but not the input string, so the text is rebuilt from the SentencePiece pieces (U+2581 becomes a space);
/// tokens whose offsets fall inside an entity's span are highlighted with the entity's label.
/// </summary>
internal static class TokenClassificationFormatter
{
    private static readonly string[] Palette = ["#ffd54f", "#81d4fa", "#a5d6a7", "#f48fb1", "#ce93d8", "#ffab91", "#b0bec5", "#e6ee9c"];

    public static void Write(TokenClassificationResult result, TextWriter writer)
    {
        writer.Write("<div class=\"xlmr-entities\"><div style=\"line-height:2\">");
        WriteHighlightedText(result, writer);
        writer.Write("</div><table>");
        Html.HeaderRow(writer, "label", "word", "score", "span");
        writer.Write("<tbody>");
        int rows = Math.Min(result.Entities.Count, Html.MaxRows);
        for (int i = 0; i < rows; i++)
        {
            TokenEntity entity = result.Entities[i];
            writer.Write("<tr>");
            Html.Cell(writer, entity.Label);
            Html.Cell(writer, entity.Word);
            Html.Cell(writer, entity.Score);
            Html.Cell(writer, $"[{entity.Start}, {entity.End})");
            writer.Write("</tr>");
        }
        writer.Write("</tbody></table>");
        Html.LeftOut(writer, result.Entities.Count);
        writer.Write("</div>");
    }

    private static void WriteHighlightedText(TokenClassificationResult result, TextWriter writer)
    {
        IReadOnlyList<TokenEntity> entities = result.Entities;
        int next = 0;          // first entity that does not end before the current token
        int open = -1;         // entity whose <mark> is open
        bool first = true;
        foreach (TokenPrediction token in result.Tokens)
        {
            if (token.IsSpecial || token.Start is not int start || token.End is not int end)
            {
                continue;
            }
            while (next < entities.Count && entities[next].End <= start)
            {
                next++;
            }
            int inside = next < entities.Count && start >= entities[next].Start && end <= entities[next].End ? next : -1;
            string piece = Html.Piece(token.Token);
            if (first)
            {
                piece = piece.TrimStart();
                first = false;
            }
            if (inside != open && open >= 0)
            {
                CloseMark(writer, entities[open]);
                open = -1;
            }
            if (inside >= 0 && open < 0)
            {
                // The word's leading space stays outside the highlight.
                if (piece.StartsWith(' '))
                {
                    writer.Write(' ');
                    piece = piece[1..];
                }
                OpenMark(writer, entities[inside]);
                open = inside;
            }
            Html.Text(writer, piece);
        }
        if (open >= 0)
        {
            CloseMark(writer, entities[open]);
        }
    }

    private static void OpenMark(TextWriter writer, TokenEntity entity)
    {
        writer.Write($"<mark style=\"background:{ColorOf(entity.Label)};padding:0 .2em;border-radius:.2em\" title=\"");
        Html.Text(writer, entity.Label);
        writer.Write(' ');
        Html.Number(writer, entity.Score);
        writer.Write("\">");
    }

    private static void CloseMark(TextWriter writer, TokenEntity entity)
    {
        writer.Write("<sup style=\"font-size:.7em;margin-left:.2em\">");
        Html.Text(writer, entity.Label);
        writer.Write("</sup></mark>");
    }

    /// <summary>One color per entity type: B-PER, I-PER and PER share one.</summary>
    internal static string ColorOf(string label)
    {
        string type = label.Length > 2 && label[1] == '-' ? label[2..] : label;
        int hash = 0;
        foreach (char c in type)
        {
            hash = unchecked(hash * 31 + c);
        }
        return Palette[(int)((uint)hash % (uint)Palette.Length)];
    }
}

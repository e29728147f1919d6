using System.Globalization;
using System.Net;

namespace Microsoft.ML.XlmRoberta.Interactive;

/// <summary>Small HTML writing helpers shared by the formatters.</summary>
internal static class Html
{
    /// <summary>Most rows a table shows before it says how many were left out.</summary>
    public const int MaxRows = 256;

    public static void Text(TextWriter writer, string? text) => writer.Write(WebUtility.HtmlEncode(text ?? ""));

    public static void Number(TextWriter writer, float value) => writer.Write(value.ToString("0.0000", CultureInfo.InvariantCulture));

    public static void HeaderRow(TextWriter writer, params string[] headers)
    {
        writer.Write("<thead><tr>");
        foreach (string header in headers)
        {
            writer.Write("<th>");
            Text(writer, header);
            writer.Write("</th>");
        }
        writer.Write("</tr></thead>");
    }

    public static void Cell(TextWriter writer, string? text)
    {
        writer.Write("<td>");
        Text(writer, text);
        writer.Write("</td>");
    }

    public static void Cell(TextWriter writer, int value) => writer.Write($"<td>{value.ToString(CultureInfo.InvariantCulture)}</td>");

    public static void Cell(TextWriter writer, float value)
    {
        writer.Write("<td>");
        Number(writer, value);
        writer.Write("</td>");
    }

    /// <summary>A closing note for a table cut at <see cref="MaxRows"/>.</summary>
    public static void LeftOut(TextWriter writer, int total)
    {
        if (total > MaxRows)
        {
            writer.Write($"<div><i>{(total - MaxRows).ToString(CultureInfo.InvariantCulture)} more rows not shown</i></div>");
        }
    }

    /// <summary>A SentencePiece piece as text: the word-start mark U+2581 becomes a space.</summary>
    public static string Piece(string? piece) => (piece ?? "").Replace('\u2581', ' ');
}

using System.Net;
using System.Text.RegularExpressions;

namespace Microsoft.ML.XlmRoberta.Notebooks.Tests;

/// <summary>The text of an HTML table as notebooks render it: header cells and body rows, tags stripped.</summary>
internal sealed partial record HtmlTable(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>Every table in <paramref name="html"/> (tables are not nested in these outputs).</summary>
    public static IReadOnlyList<HtmlTable> ParseAll(string html) =>
        TableRegex().Matches(html).Select(m => Parse(m.Value)).ToArray();

    /// <summary>The one table in <paramref name="html"/>.</summary>
    public static HtmlTable Single(string html)
    {
        IReadOnlyList<HtmlTable> tables = ParseAll(html);
        return tables.Count == 1 ? tables[0] : throw new AssertFailedException($"expected one table, found {tables.Count} in:\n{html}");
    }

    /// <summary>The values of the column named <paramref name="name"/>.</summary>
    public string[] Column(string name)
    {
        int index = Header.ToList().IndexOf(name);
        Assert.IsTrue(index >= 0, $"no column '{name}' in [{string.Join(", ", Header)}]");
        return Rows.Select(r => r[index]).ToArray();
    }

    private static HtmlTable Parse(string table)
    {
        string head = HeadRegex().Match(table).Value;
        string body = BodyRegex().Match(table).Value;
        string[] header = CellRegex().Matches(head).Select(c => Clean(c.Groups[1].Value)).ToArray();
        string[][] rows = RowRegex().Matches(body)
            .Select(r => CellRegex().Matches(r.Value).Select(c => Clean(c.Groups[1].Value)).ToArray())
            .ToArray();
        return new HtmlTable(header, rows);
    }

    private static string Clean(string cell) => WebUtility.HtmlDecode(TagRegex().Replace(cell, "")).Trim();

    [GeneratedRegex("<table.*?</table>", RegexOptions.Singleline)]
    private static partial Regex TableRegex();

    [GeneratedRegex("<thead>.*?</thead>", RegexOptions.Singleline)]
    private static partial Regex HeadRegex();

    [GeneratedRegex("<tbody>.*?</tbody>", RegexOptions.Singleline)]
    private static partial Regex BodyRegex();

    [GeneratedRegex("<tr>.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex RowRegex();

    [GeneratedRegex(@"<t[hd](?:\s[^>]*)?>(.*?)</t[hd]>", RegexOptions.Singleline)]
    private static partial Regex CellRegex();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagRegex();
}

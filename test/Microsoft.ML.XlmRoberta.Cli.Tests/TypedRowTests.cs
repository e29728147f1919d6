using System.Text;
using System.Text.Json;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Cli.Tests;

/// <summary>
/// The JSON lines and CSV writers render the same typed rows: every CSV cell holds exactly what the JSON lines run of
/// the same command gives for that member (the text of a string, the digits of a number, the JSON text of a nested
/// value), vectors spread over <c>name_0, name_1, ...</c>, in member order.
/// </summary>
[TestClass]
public sealed class TypedRowTests
{
    private static readonly string[] Texts = ["Hello world!", "a, \"quoted\" word", "Das Wetter ist heute herrlich.", "Angela Merkel besuchte Paris."];

    [TestMethod]
    [DataRow("tokenize", "feature-extraction", "")]
    [DataRow("embed", "feature-extraction", "embedding")]
    [DataRow("classify", "text-classification", "logits,probs")]
    [DataRow("ner", "token-classification", "")]
    [DataRow("fill-mask", "fill-mask", "")]
    public void CsvCellsHoldExactlyTheJsonLinesValues(string command, string task, string spread)
    {
        var stdin = new StringBuilder();
        foreach (string text in Texts)
        {
            stdin.Append(CliRunner.JsonLine(command == "fill-mask" ? text + " <mask>" : text)).Append('\n');
        }

        string[] args = [command, "--model", SharedFixtures.Model(task), "--quiet"];
        CliRunner.Result json = CliRunner.Run(stdin.ToString(), args);
        CliRunner.Result csv = CliRunner.Run(stdin.ToString(), [.. args, "--output-format", "csv"]);
        Assert.AreEqual(0, json.ExitCode, json.Stderr);
        Assert.AreEqual(0, csv.ExitCode, csv.Stderr);

        HashSet<string> spreadNames = [.. spread.Split(',', StringSplitOptions.RemoveEmptyEntries)];
        List<List<string>> table = ParseCsv(csv.Stdout);
        Assert.AreEqual(Texts.Length + 1, table.Count, "a header and one row per input");
        for (int r = 0; r < Texts.Length; r++)
        {
            JsonElement row = json.Lines[r];
            var expected = new List<(string Column, string Cell)> { ("line", (r + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)) };
            foreach (JsonProperty member in row.EnumerateObject())
            {
                if (spreadNames.Contains(member.Name))
                {
                    int i = 0;
                    foreach (JsonElement x in member.Value.EnumerateArray())
                    {
                        expected.Add(($"{member.Name}_{i++}", x.GetRawText()));
                    }
                }
                else
                {
                    expected.Add((member.Name, member.Value.ValueKind == JsonValueKind.String ? member.Value.GetString()! : member.Value.GetRawText()));
                }
            }

            expected.Add(("error", string.Empty));
            CollectionAssert.AreEqual(expected.ConvertAll(e => e.Column), table[0], $"{command}: the header lists the members in order");
            CollectionAssert.AreEqual(expected.ConvertAll(e => e.Cell), table[r + 1], $"{command}: row {r + 1}");
        }
    }

    /// <summary>RFC 4180: quoted cells may hold commas, doubled quotes and line breaks.</summary>
    private static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\n')
            {
                row.Add(cell.ToString());
                cell.Clear();
                rows.Add(row);
                row = [];
            }
            else
            {
                cell.Append(c);
            }
        }

        return rows;
    }
}

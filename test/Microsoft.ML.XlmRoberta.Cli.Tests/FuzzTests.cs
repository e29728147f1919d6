using System.Text;
using System.Text.Json;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Cli.Tests;

/// <summary>
/// Fuzzed input (random Unicode, lone surrogate escapes, control characters, invalid UTF-8 bytes) through tokenize
/// and embed under <c>--on-error skip</c>: every output line is valid JSON in valid UTF-8, one per input line, in order.
/// </summary>
[TestClass]
public sealed class FuzzTests
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    [TestMethod]
    public void TokenizeSurvives100kFuzzedStrings()
    {
        var random = new Random(10);
        string model = SharedFixtures.Model("feature-extraction");
        int total = 0;
        foreach ((string format, int count) in new[] { ("jsonl", 70_000), ("text", 30_000) })
        {
            byte[] input = Fuzz(random, count, json: format == "jsonl");
            CliRunner.Result result = CliRunner.Run(input, null, "tokenize", "--model", model, "--quiet", "--on-error", "skip", "--format", format);
            AssertRows(result, count, "ids", format);
            total += count;
        }

        Assert.AreEqual(100_000, total);
    }

    [TestMethod]
    public void EmbedSurvivesFuzzedStrings()
    {
        const int Count = 4000;
        byte[] input = Fuzz(new Random(11), Count, json: true);

        CliRunner.Result result = CliRunner.Run(input, null, "embed", "--model", SharedFixtures.Model("feature-extraction"), "--quiet", "--on-error", "skip", "--batch-size", "64");

        AssertRows(result, Count, "embedding", "embed");
    }

    private static void AssertRows(CliRunner.Result result, int count, string member, string name)
    {
        Assert.IsTrue(result.ExitCode is ExitCodes.Success or ExitCodes.CompletedWithSkippedLines, $"{name}: exit {result.ExitCode}: {result.Stderr}");
        string stdout = StrictUtf8.GetString(result.StdoutBytes);
        string[] rows = stdout.Split('\n');
        Assert.AreEqual(count, rows.Length - 1, $"{name}: one row per input line");
        Assert.AreEqual(string.Empty, rows[^1]);
        int errors = 0;
        for (int i = 0; i < count; i++)
        {
            using JsonDocument doc = JsonDocument.Parse(rows[i]);
            JsonElement row = doc.RootElement;
            if (row.TryGetProperty("error", out _))
            {
                Assert.AreEqual(i + 1, row.GetProperty("line").GetInt32(), $"{name}: row {i + 1} names its line");
                errors++;
            }
            else
            {
                Assert.IsTrue(row.TryGetProperty(member, out _), $"{name}: row {i + 1}: {rows[i]}");
            }
        }

        // The fuzz is meant to hit both sides; a generator that produced only errors (or none) proves little.
        Assert.IsTrue(errors > count / 20 && errors < count - (count / 20), $"{name}: {errors} error rows of {count}");
    }

    /// <summary><paramref name="count"/> lines, none blank, no raw line feed inside a line.</summary>
    private static byte[] Fuzz(Random random, int count, bool json)
    {
        var output = new List<byte>(count * 40);
        for (int i = 0; i < count; i++)
        {
            if (json)
            {
                output.AddRange("{\"text\":\""u8.ToArray());
            }
            else
            {
                output.Add((byte)'x'); // never blank: blank JSON lines are skipped, and the count would not match
            }

            int pieces = random.Next(1, 12);
            for (int p = 0; p < pieces; p++)
            {
                AppendPiece(output, random, json);
            }

            if (json)
            {
                output.AddRange("\"}"u8.ToArray());
            }

            output.Add((byte)'\n');
        }

        return [.. output];
    }

    private static void AppendPiece(List<byte> output, Random random, bool json)
    {
        switch (random.Next(10))
        {
            case 0: // a lone surrogate, as a JSON escape (or, in text, its CESU-8 bytes, which are not UTF-8)
                int surrogate = random.Next(0xD800, 0xE000);
                output.AddRange(json
                    ? Encoding.ASCII.GetBytes($"\\u{surrogate:x4}")
                    : [0xED, (byte)(0x80 | ((surrogate >> 6) & 0x3F)), (byte)(0x80 | (surrogate & 0x3F))]);
                break;
            case 1: // invalid UTF-8: a stray continuation byte, a cut sequence, or an over-long form
                byte[][] invalid = [[0x80], [0xFF], [0xC3], [0xE2, 0x82], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80]];
                output.AddRange(invalid[random.Next(invalid.Length)]);
                break;
            case 2: // a raw control character (not a line feed); invalid inside a JSON string
                int control = random.Next(0, 32);
                output.Add((byte)(control == '\n' ? '\t' : control));
                break;
            case 3: // escapes
                string[] escapes = ["\\n", "\\t", "\\u0000", "\\\"", "\\\\", "\\ud83d\\ude00", "\\u200b", "\\ufeff"];
                string escape = escapes[random.Next(escapes.Length)];
                output.AddRange(Encoding.ASCII.GetBytes(json ? escape : escape.Replace("\\", string.Empty, StringComparison.Ordinal)));
                break;
            case 4: // special tokens and whitespace
                string[] specials = ["<mask>", "<s>", "</s>", "<pad>", "<unk>", " ", "   ", "\u3000", "\u00a0"];
                output.AddRange(Encoding.UTF8.GetBytes(specials[random.Next(specials.Length)]));
                break;
            default: // random valid Unicode scalars from all planes
                var text = new StringBuilder();
                int length = random.Next(1, 20);
                for (int c = 0; c < length; c++)
                {
                    int scalar = random.Next(4) == 0 ? random.Next(0x10000, 0x110000) : random.Next(0x20, 0x10000);
                    if (scalar is >= 0xD800 and < 0xE000 || scalar == '"' || scalar == '\\')
                    {
                        scalar = 'a';
                    }

                    text.Append(char.ConvertFromUtf32(scalar));
                }

                output.AddRange(Encoding.UTF8.GetBytes(text.ToString()));
                break;
        }
    }
}

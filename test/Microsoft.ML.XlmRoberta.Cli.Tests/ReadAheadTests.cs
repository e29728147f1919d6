using System.Text;
using System.Text.Json;
using Microsoft.ML.XlmRoberta.Cli.Io;
using Microsoft.ML.XlmRoberta.Cli.Rows;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Pooling;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Cli.Tests;

/// <summary>
/// Over several 256-record windows, records read ahead and run with an earlier window still come out in input
/// order, equal to the library's results, and a bad record keeps its place and its line under skip and stop.
/// </summary>
[TestClass]
public sealed class ReadAheadTests
{
    private const int Records = 900;
    private const float BatchInvariance = 1e-5f;
    private static readonly string Model = SharedFixtures.Model("feature-extraction");
    private static readonly string TooLong = string.Join(' ', Enumerable.Repeat("word", 600));

    [TestMethod]
    public void RowsOverManyWindowsAreTheLibrarysInInputOrder()
    {
        string[] texts = CorpusTexts();
        CliRunner.Result result = CliRunner.Run(JsonLines(texts, new Dictionary<int, string?>()), "embed", "--model", Model, "--quiet");

        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.Stderr);
        AssertRows(texts, result.Lines, bad: []);
    }

    [TestMethod]
    public void BadRecordsInReadAheadWindowsKeepTheirPlaceUnderSkip()
    {
        string[] texts = CorpusTexts();
        // Over-length records in the first, second and third windows, and an unreadable line in the third, which
        // ends that window early: reading ahead never passes it.
        var bad = new Dictionary<int, string?> { [5] = TooLong, [300] = TooLong, [520] = null, [700] = TooLong, [899] = TooLong };
        CliRunner.Result result = CliRunner.Run(JsonLines(texts, bad), "embed", "--model", Model, "--quiet", "--long-input", "throw", "--on-error", "skip");

        Assert.AreEqual(ExitCodes.CompletedWithSkippedLines, result.ExitCode, result.Stderr);
        AssertRows(texts, result.Lines, bad.Keys);
    }

    [TestMethod]
    public void StopAtABadRecordInALaterWindowWritesEveryRowBeforeIt()
    {
        string[] texts = CorpusTexts();
        CliRunner.Result result = CliRunner.Run(JsonLines(texts, new Dictionary<int, string?> { [300] = TooLong }), "embed", "--model", Model, "--quiet", "--long-input", "throw");

        result.AssertOneLineError(ExitCodes.InputError);
        StringAssert.Contains(result.Stderr, "line 301");
        AssertRows(texts[..300], result.Lines, bad: []);
    }

    [TestMethod]
    public void AResumedJobRunsOnlyCallsOfTheUninterruptedJob()
    {
        // A stop leaves records of later windows computed and dropped; the resumed job must run them in the very calls
        // (so the very batches) the uninterrupted job ran them in, or kernels whose rounding depends on the batch shape
        // (GPU GEMMs) would give other bytes.
        using var folder = new TempFolder();
        string input = folder.Write("in.jsonl", JsonLines(CorpusTexts(), new Dictionary<int, string?> { [100] = TooLong, [400] = null, [610] = TooLong }));
        using XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(Model, new XlmRobertaEncoderOptions { LongInputMode = LongInputMode.Throw, StreamingReadAhead = 768 });
        var readAhead = new ReadAhead(encoder, record => encoder.Tokenize(record.Text).Count);

        string reference = folder.File("reference.jsonl");
        (int exitCode, List<string> uninterrupted) = Run(reference, resume: false, stopAtRow: 0);
        Assert.AreEqual(ExitCodes.CompletedWithSkippedLines, exitCode);
        foreach (int stopAtRow in new[] { 1, 300, 700, 850 })
        {
            string output = folder.File($"out{stopAtRow}.jsonl");
            (int stopped, List<string> before) = Run(output, resume: false, stopAtRow);
            Assert.AreEqual(130, stopped, $"stop at row {stopAtRow}");
            (int resumed, List<string> after) = Run(output, resume: true, stopAtRow: 0);
            Assert.AreEqual(ExitCodes.CompletedWithSkippedLines, resumed, $"resume after a stop at row {stopAtRow}");
            CollectionAssert.IsSubsetOf(before, uninterrupted, $"stop at row {stopAtRow}: the stopped job's calls");
            CollectionAssert.IsSubsetOf(after, uninterrupted, $"stop at row {stopAtRow}: the resumed job's calls");
            CollectionAssert.AreEqual(File.ReadAllBytes(reference), File.ReadAllBytes(output), $"stop at row {stopAtRow}: the same bytes");
        }

        // Runs the pipeline over the input with a command that writes each record's index, recording each call's records.
        (int ExitCode, List<string> Calls) Run(string output, bool resume, int stopAtRow)
        {
            var calls = new List<string>();
            var context = new CliContext { StandardInput = TextReader.Null, StandardOutput = new MemoryStream(), StandardError = new StringWriter() };
            var pipeline = new RecordPipeline(context, "embed") { InputPath = input, OutputPath = output, OnError = OnError.Skip, Resume = resume, Quiet = true, BatchSize = 256 };
            int rows = 0;
            try
            {
                int code = pipeline.Run(
                    (records, sink) =>
                    {
                        calls.Add(string.Join(',', records.Select(r => r.Index)));
                        foreach (InputRecord record in records)
                        {
                            if (encoder.PlannedLength(encoder.Tokenize(record.Text).Count) < 0)
                            {
                                throw new ArgumentException("too long");
                            }

                            sink.Write(record, new EmbeddingRow([record.Index]));
                            if (++rows == stopAtRow)
                            {
                                context.Interruption.Request("SIGINT", 130);
                            }
                        }
                    },
                    e => e is ArgumentException,
                    readAhead);
                return (code, calls);
            }
            catch (CliException e)
            {
                return (e.ExitCode, calls);
            }
        }
    }

    /// <summary>
    /// Evenly spaced corpus lines within the model's limit: short and long ones mixed, as read-ahead must sort them
    /// out (the few over the limit would be errors under --long-input throw).
    /// </summary>
    private static string[] CorpusTexts()
    {
        string[] lines = File.ReadAllLines(SharedFixtures.File("fixtures/corpus/unique.txt"));
        using XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(Model, new XlmRobertaEncoderOptions { LongInputMode = LongInputMode.Throw });
        return Enumerable.Range(0, 2 * Records).Select(i => lines[(long)i * lines.Length / (2 * Records)])
            .Where(text => encoder.Tokenize(text).Count <= encoder.MaxSequenceLength).Take(Records).ToArray();
    }

    /// <summary>JSON lines of <paramref name="texts"/>, with line i replaced by <paramref name="bad"/>[i] (null: a line that is not JSON).</summary>
    private static string JsonLines(string[] texts, IReadOnlyDictionary<int, string?> bad)
    {
        var input = new StringBuilder();
        for (int i = 0; i < texts.Length; i++)
        {
            input.AppendLine(!bad.TryGetValue(i, out string? replacement) ? CliRunner.JsonLine(texts[i])
                : replacement is null ? "{\"text\": nope" : CliRunner.JsonLine(replacement));
        }

        return input.ToString();
    }

    /// <summary>One row per text in order: an error row naming the line where <paramref name="bad"/> says, else the library's embedding.</summary>
    private static void AssertRows(string[] texts, IReadOnlyList<JsonElement> rows, IEnumerable<int> bad)
    {
        var badSet = new HashSet<int>(bad);
        using XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(Model);
        string[] good = texts.Where((_, i) => !badSet.Contains(i)).ToArray();
        EmbeddingResult[] expected = new XlmRobertaFeatureExtractor(encoder).Embed(good);
        Assert.HasCount(texts.Length, rows);
        int next = 0;
        for (int i = 0; i < texts.Length; i++)
        {
            if (badSet.Contains(i))
            {
                Assert.IsTrue(rows[i].TryGetProperty("error", out _), $"row {i} is an error row: {rows[i]}");
                Assert.AreEqual(i + 1, rows[i].GetProperty("line").GetInt64(), $"row {i} names its line");
                continue;
            }

            float[] actual = rows[i].GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()).ToArray();
            float[] reference = expected[next++].Embedding;
            Assert.HasCount(reference.Length, actual, $"row {i}");
            for (int j = 0; j < reference.Length; j++)
            {
                Assert.AreEqual(reference[j], actual[j], BatchInvariance * Math.Max(1f, Math.Abs(reference[j])), $"row {i}, value {j}");
            }
        }
    }
}

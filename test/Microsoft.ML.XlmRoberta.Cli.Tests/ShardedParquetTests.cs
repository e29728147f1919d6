using System.Text;
using System.Text.Json;
using Microsoft.ML.XlmRoberta.Cli.Io;
using Microsoft.ML.XlmRoberta.TestSupport;
using Parquet.Schema;

namespace Microsoft.ML.XlmRoberta.Cli.Tests;

/// <summary>
/// Sharded corpus jobs: <c>--shard I/N</c> run as separate processes covers the input exactly once; Parquet output
/// carries the record number, the line and the input's id, with vectors as list columns; a killed or stopped shard
/// resumes (<c>--resume</c>) to the rows of an uninterrupted run.
/// </summary>
[TestClass]
public sealed class ShardedParquetTests
{
    private static string Model => SharedFixtures.Model("feature-extraction");

    [TestMethod]
    public void FourShardProcessesTogetherWriteEveryRowOfTheSingleProcessOutputOnce()
    {
        using var folder = new TempFolder();
        string input = folder.Write("corpus.jsonl", Corpus(1001));
        string[] args = ["embed", "--model", Model, "--input", input, "--id-column", "doc", "--on-error", "skip", "--quiet", "--row-group-size", "100"];
        using (XlmrProcess single = XlmrProcess.Start([.. args, "--output", folder.File("all.parquet")]))
        {
            (int exitCode, _, string stderr) = single.Wait();
            Assert.AreEqual(ExitCodes.CompletedWithSkippedLines, exitCode, stderr);
        }

        XlmrProcess[] shards = [.. Enumerable.Range(0, 4).Select(i => XlmrProcess.Start([.. args, "--shard", $"{i}/4", "--output", folder.File($"part-{i}.parquet")]))];
        ParquetTable whole = ParquetTable.Read(folder.File("all.parquet"));
        var union = new List<Dictionary<string, object>>();
        for (int i = 0; i < 4; i++)
        {
            (int exitCode, _, string stderr) = shards[i].Wait();
            shards[i].Dispose();

            // The bad line is record 13, shard 1's: only that shard skips it.
            Assert.AreEqual(i == 1 ? ExitCodes.CompletedWithSkippedLines : ExitCodes.Success, exitCode, $"shard {i}: {stderr}");
            ParquetTable part = ParquetTable.Read(folder.File($"part-{i}.parquet"));
            CollectionAssert.AreEqual(whole.Columns, part.Columns, $"shard {i}: the columns of the single-process file");
            Assert.IsTrue(part.Rows.All(r => ParquetTable.Record(r) % 4 == i), $"shard {i} holds only records k with k mod 4 = {i}");
            Assert.AreEqual(i == 0 ? 251 : 250, part.Rows.Count, $"shard {i}: rows");
            union.AddRange(part.Rows);
        }

        Assert.AreEqual(1001, whole.Rows.Count);
        Assert.AreEqual(whole.Rows.Count, union.Count, "the parts hold as many rows as the single-process file");
        Assert.AreEqual(union.Count, union.Select(ParquetTable.Record).Distinct().Count(), "no record twice");
        string[] expected = whole.RowTexts();
        string[] actual = new ParquetTable(whole.Schema, 0, [.. union.OrderBy(ParquetTable.Record)]).RowTexts();
        CollectionAssert.AreEqual(expected, actual, "the union of the parts, ordered by record, is the single-process output");
    }

    [TestMethod]
    public void ParquetColumnsAreRecordLineIdTheResultAndErrorWithTheJsonLinesValues()
    {
        using var folder = new TempFolder();
        string input = folder.Write("corpus.jsonl", Corpus(60));
        string[] args = ["embed", "--model", Model, "--input", input, "--on-error", "skip", "--quiet"];
        Assert.AreEqual(ExitCodes.CompletedWithSkippedLines, CliRunner.Run(string.Empty, [.. args, "--id-column", "doc", "--output", folder.File("out.parquet")]).ExitCode);
        Assert.AreEqual(ExitCodes.CompletedWithSkippedLines, CliRunner.Run(string.Empty, [.. args, "--output", folder.File("out.jsonl")]).ExitCode);

        ParquetTable table = ParquetTable.Read(folder.File("out.parquet"));
        CollectionAssert.AreEqual(new[] { "record", "line", "doc", "embedding", "error" }, table.Columns);
        DataField[] fields = table.Schema.GetDataFields();
        Assert.AreEqual(typeof(long), fields[0].ClrType);
        Assert.IsFalse(fields[0].IsNullable, "record is required");
        Assert.AreEqual(typeof(long), fields[1].ClrType);
        Assert.IsTrue(IsText(fields[2]), $"the id is a string column: {fields[2]}");
        Assert.IsInstanceOfType<ListField>(table.Schema.Fields[3], "the vector is a list column");
        Assert.AreEqual(typeof(float), ((DataField)((ListField)table.Schema.Fields[3]).Item).ClrType);
        Assert.IsTrue(IsText(fields[^1]), $"error is a string column: {fields[^1]}");

        string[] lines = File.ReadAllLines(input);
        string[] json = File.ReadAllLines(folder.File("out.jsonl"));
        Assert.AreEqual(json.Length, table.Rows.Count);
        for (int k = 0; k < table.Rows.Count; k++)
        {
            Dictionary<string, object> row = table.Rows[k];
            Assert.AreEqual((long)k, row["record"]);
            long line = (long)row["line"];
            using JsonDocument expected = JsonDocument.Parse(json[k]);
            if (k == 13)
            {
                Assert.AreEqual("{not json", lines[line - 1]);
                Assert.AreEqual(expected.RootElement.GetProperty("error").GetString(), row["error"]);
                Assert.IsNull(row.GetValueOrDefault("embedding"), "an error row has no vector");
                continue;
            }

            using JsonDocument source = JsonDocument.Parse(lines[line - 1]);
            Assert.AreEqual(source.RootElement.GetProperty("doc").GetString(), row["doc"], $"record {k}: the id of its line");
            Assert.IsNull(row.GetValueOrDefault("error"));
            float[] vector = [.. ((System.Collections.IEnumerable)row["embedding"]).Cast<float>()];
            float[] fromJson = [.. expected.RootElement.GetProperty("embedding").EnumerateArray().Select(e => e.GetSingle())];
            CollectionAssert.AreEqual(fromJson, vector, $"record {k}: the JSON lines vector, exactly");
        }
    }

    [TestMethod]
    public void KilledShardResumesToTheRowsOfAnUninterruptedRun()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("SIGKILL is tested on Linux");
        }

        using var folder = new TempFolder();
        string input = folder.Write("corpus.jsonl", Corpus(6000));
        string[] args = ["embed", "--model", Model, "--input", input, "--id-column", "doc", "--shard", "2/4", "--row-group-size", "100", "--quiet"];
        using (XlmrProcess run = XlmrProcess.Start([.. args, "--output", folder.File("reference.parquet")]))
        {
            (int exitCode, _, string stderr) = run.Wait();
            Assert.AreEqual(0, exitCode, stderr);
        }

        string[] reference = ParquetTable.Read(folder.File("reference.parquet")).RowTexts();
        Assert.AreEqual(1500, reference.Length);
        string output = folder.File("out.parquet");
        string marker = output + ".xlmr-resume";
        var random = new Random(20261130);
        int killed = 0;
        for (int run = 0; run < 3; run++)
        {
            File.Delete(marker);
            bool resume = false;
            foreach (double fraction in new[] { 0.1 + (0.3 * random.NextDouble()), 0.5 + (0.4 * random.NextDouble()) })
            {
                using XlmrProcess job = XlmrProcess.Start(resume ? [.. args, "--output", output, "--resume"] : [.. args, "--output", output]);
                if (WaitForCheckpoint(job, marker, (long)(fraction * 6000)))
                {
                    Thread.Sleep(random.Next(0, 40));
                    job.Kill();
                    killed++;
                }

                job.Wait();
                resume = File.Exists(marker);
            }

            using XlmrProcess last = XlmrProcess.Start(resume ? [.. args, "--output", output, "--resume"] : [.. args, "--output", output]);
            (int exitCode, _, string stderr) = last.Wait();
            Assert.AreEqual(0, exitCode, $"run {run}: {stderr}");
            Assert.IsFalse(File.Exists(marker) || File.Exists(output + ".xlmr-partial"), $"run {run}: cleaned up");
            CollectionAssert.AreEqual(reference, ParquetTable.Read(output).RowTexts(), $"run {run}: the rows of the uninterrupted run after kills and resumes");
        }

        Assert.IsTrue(killed >= 3, $"the shard was killed part-way ({killed} kills)");
    }

    [TestMethod]
    public void StoppedParquetJobWithAnOverwrittenFooterResumesFromTheLastRowGroup()
    {
        using var folder = new TempFolder();
        string input = folder.Write("corpus.jsonl", Corpus(1200));
        string output = folder.File("out.parquet");
        string[] args = ["embed", "--model", Model, "--input", input, "--shard", "0/2", "--row-group-size", "50", "--on-error", "skip", "--quiet"];
        Assert.AreEqual(0, CliRunner.Run(string.Empty, [.. args, "--output", folder.File("reference.parquet")]).ExitCode);
        string[] reference = ParquetTable.Read(folder.File("reference.parquet")).RowTexts();

        // Asked to stop before it starts, the job ends after its first window (256 records) with a complete file.
        var interruption = new CliInterruption();
        interruption.Request("SIGINT", 130);
        CliRunner.Result stopped = CliRunner.Run([], c => c with { Interruption = interruption }, [.. args, "--output", output]);
        stopped.AssertOneLineError(130);
        string partial = output + ".xlmr-partial";
        ParquetTable done = ParquetTable.Read(partial);
        Assert.AreEqual(256, done.Rows.Count, "the partial file is a valid Parquet file of the rows done");
        CollectionAssert.AreEqual(reference[..256], done.RowTexts());

        // A row group that was being appended when the job died overwrote the footer: resume puts it back.
        using (var file = new FileStream(partial, FileMode.Open))
        {
            file.Seek(-20, SeekOrigin.End);
            file.Write(Enumerable.Repeat((byte)0xAB, 4000).ToArray());
        }

        CliRunner.Result resumed = CliRunner.Run(string.Empty, [.. args, "--output", output, "--resume"]);
        Assert.AreEqual(0, resumed.ExitCode, resumed.Stderr);
        ParquetTable table = ParquetTable.Read(output);
        CollectionAssert.AreEqual(reference, table.RowTexts(), "the rows of an uninterrupted run");
        Assert.IsTrue(table.RowGroups >= 2, $"{table.RowGroups} row groups");
    }

    [TestMethod]
    public void BadShardsAndParquetToStdoutAreUsageErrors()
    {
        using var folder = new TempFolder();
        string input = folder.Write("corpus.jsonl", Corpus(3));
        foreach (string shard in new[] { "4/4", "0/0", "-1/4", "1", "a/4", "1/4/2", "1/", "/4", " 1/4" })
        {
            CliRunner.Result result = CliRunner.Run(string.Empty, "embed", "--model", Model, "--input", input, "--shard", shard, "--output", folder.File("o.parquet"));
            result.AssertOneLineError(ExitCodes.UsageError);
            StringAssert.Contains(result.Stderr, "--shard", shard);
        }

        CliRunner.Result stdout = CliRunner.Run(string.Empty, "embed", "--model", Model, "--input", input, "--output-format", "parquet");
        stdout.AssertOneLineError(ExitCodes.UsageError);
        StringAssert.Contains(stdout.Stderr, "Parquet");
        CliRunner.Result reserved = CliRunner.Run(string.Empty, "embed", "--model", Model, "--input", input, "--id-column", "line", "--output", folder.File("o.parquet"));
        reserved.AssertOneLineError(ExitCodes.UsageError);
        CliRunner.Result notParquet = CliRunner.Run(string.Empty, "embed", "--model", Model, "--input", input, "--id-column", "doc", "--output", folder.File("o.jsonl"));
        notParquet.AssertOneLineError(ExitCodes.UsageError);
        StringAssert.Contains(notParquet.Stderr, "Parquet output only");
        Assert.IsFalse(File.Exists(folder.File("o.parquet")) || File.Exists(folder.File("o.jsonl")), "nothing written");
    }

    [TestMethod]
    public void ShardsOfCsvInputCarryTheIdColumnAndAnEmptyShardIsAValidFile()
    {
        using var folder = new TempFolder();
        string input = folder.Write("in.csv", "id,text\nA,first text\n\nB,\"second, quoted\"\nC,third\n");
        for (int i = 0; i < 5; i++)
        {
            CliRunner.Result result = CliRunner.Run(string.Empty, "classify", "--model", SharedFixtures.Model("text-classification"), "--input", input, "--id-column", "id", "--shard", $"{i}/5", "--output", folder.File($"p{i}.parquet"));
            Assert.AreEqual(0, result.ExitCode, result.Stderr);
        }

        string[] ids = [.. Enumerable.Range(0, 5).SelectMany(i => ParquetTable.Read(folder.File($"p{i}.parquet")).Rows.Select(r => $"{r["record"]}:{r["line"]}:{r["id"]}"))];
        CollectionAssert.AreEqual(new[] { "0:2:A", "1:4:B", "2:5:C" }, ids, "record k in shard k mod 5; the blank line is no record");
        ParquetTable empty = ParquetTable.Read(folder.File("p4.parquet"));
        Assert.AreEqual(0, empty.Rows.Count);
        CollectionAssert.AreEqual(new[] { "record", "line", "id", "error" }, empty.Columns, "a shard without rows still names its columns");
        CollectionAssert.AreEqual(new[] { "record", "line", "id", "label", "score", "logits", "probs", "error" }, ParquetTable.Read(folder.File("p0.parquet")).Columns);
    }

    [TestMethod]
    public void AFailedRecordOfAShardIsAnErrorRowWithItsRecordNumber()
    {
        using var folder = new TempFolder();
        string[] texts = ["Paris is the <mask> of France.", "no mask here", "Berlin is a <mask>.", "<mask> is blue.", "still no mask", "The <mask> sat."];
        string input = folder.Write("in.jsonl", string.Concat(texts.Select((t, i) => JsonSerializer.Serialize(new { id = i * 10, text = t }) + "\n")));
        string output = folder.File("out.parquet");
        CliRunner.Result result = CliRunner.Run(string.Empty, "fill-mask", "--model", SharedFixtures.Model("fill-mask"), "--input", input, "--id-column", "id", "--shard", "1/2", "--on-error", "skip", "--output", output);
        Assert.AreEqual(ExitCodes.CompletedWithSkippedLines, result.ExitCode, result.Stderr);

        // The first row is an error: the result's column comes from the next row, null for the rows before it.
        ParquetTable table = ParquetTable.Read(output);
        CollectionAssert.AreEqual(new[] { "record", "line", "id", "masks", "error" }, table.Columns);
        CollectionAssert.AreEqual(new[] { "1:2:10", "3:4:30", "5:6:50" }, table.Rows.Select(r => $"{r["record"]}:{r["line"]}:{r["id"]}").ToArray(), "records 1, 3 and 5 (k mod 2 = 1), ids as text");
        Assert.IsNull(table.Rows[0].GetValueOrDefault("masks"));
        StringAssert.Contains((string)table.Rows[0]["error"], "mask");
        foreach (Dictionary<string, object> row in table.Rows.Skip(1))
        {
            Assert.IsNull(row.GetValueOrDefault("error"));
            using JsonDocument masks = JsonDocument.Parse((string)row["masks"]);
            Assert.AreEqual(1, masks.RootElement.GetArrayLength(), "one mask, its candidates as JSON text");
        }
    }

    /// <summary>
    /// JSON lines with ids (doc-00000 ...); a blank line before every 50th record (not a record) and one line that is
    /// not JSON (record 13, still a record).
    /// </summary>
    private static string Corpus(int count)
    {
        var text = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            if (i % 50 == 7)
            {
                text.Append('\n');
            }

            text.Append(i == 13 ? "{not json" : JsonSerializer.Serialize(new { doc = $"doc-{i:D5}", text = $"Text number {i}: " + new string('x', i % 23) + " end" })).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Parquet.Net reads UTF-8 strings as string or ReadOnlyMemory&lt;char&gt;.</summary>
    private static bool IsText(DataField field) => field.ClrType == typeof(string) || field.ClrType == typeof(ReadOnlyMemory<char>);

    /// <summary>Waits until the job's resume marker counts at least <paramref name="records"/>; false if it ended first.</summary>
    private static bool WaitForCheckpoint(XlmrProcess job, string marker, long records)
    {
        while (!job.HasExited)
        {
            try
            {
                using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(marker));
                if (doc.RootElement.GetProperty("records").GetInt64() >= records)
                {
                    return true;
                }
            }
            catch (Exception e) when (e is IOException or JsonException)
            {
                // Not there yet.
            }

            Thread.Sleep(2);
        }

        return false;
    }
}

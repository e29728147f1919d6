using System.Diagnostics;
using System.Text;

namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>
/// Drives a command over its input: reads records lazily, hands them to the command in batches, writes one output
/// row per input row in order, applies <see cref="OnError"/>, shows progress and prints a one-line summary on stderr.
/// </summary>
public sealed class RecordPipeline
{
    private readonly CliContext _context;
    private readonly string _commandName;

    /// <summary>Creates the pipeline for the command named <paramref name="commandName"/>.</summary>
    public RecordPipeline(CliContext context, string commandName)
    {
        _context = context;
        _commandName = commandName;
    }

    /// <summary>Input file; null or "-" for stdin.</summary>
    public string? InputPath { get; init; }

    /// <summary>Output file; null or "-" for stdout.</summary>
    public string? OutputPath { get; init; }

    /// <summary>Input format.</summary>
    public InputFormat InputFormat { get; init; }

    /// <summary>Output format.</summary>
    public OutputFormat OutputFormat { get; init; }

    /// <summary>The text column (CSV/TSV) or member (JSON lines).</summary>
    public string Column { get; init; } = "text";

    /// <summary>The second-text column or member; null: none for CSV/TSV, <c>text_pair</c> for JSON lines.</summary>
    public string? PairColumn { get; init; }

    /// <summary>Members that CSV output spreads over one column per element.</summary>
    public IReadOnlyList<string> SpreadVectors { get; init; } = [];

    /// <summary>Records handed to the command at once.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>What to do with a line that cannot be read or processed.</summary>
    public OnError OnError { get; init; } = OnError.Stop;

    /// <summary>No progress and no summary on stderr.</summary>
    public bool Quiet { get; init; }

    /// <summary>
    /// Runs <paramref name="process"/> over the input. It must write exactly one row per record, in order; an
    /// exception for which <paramref name="isInputError"/> holds is an input problem (stop or skip), anything else
    /// is propagated.
    /// </summary>
    public int Run(Action<IReadOnlyList<InputRecord>, IRecordSink> process, Func<Exception, bool> isInputError)
    {
        var clock = Stopwatch.StartNew();
        using TextReader reader = OpenInput(out string sourceName, out Func<double?> fraction);
        IRecordSource source = CreateSource(reader, sourceName);
        using IRecordSink output = OpenOutput(out string destinationName);
        ProgressReporter? progress = Quiet || !_context.StandardErrorIsTerminal ? null : new ProgressReporter(_context.StandardError, fraction);
        var batch = new List<InputRecord>(BatchSize);
        long skipped = 0;
        foreach (RecordResult result in source.Read())
        {
            if (result.Error is null)
            {
                batch.Add(result.Record);
                if (batch.Count == BatchSize)
                {
                    skipped += Flush(batch, output, process, isInputError);
                    progress?.Report(output.RowsWritten);
                }

                continue;
            }

            skipped += Flush(batch, output, process, isInputError);
            if (OnError == OnError.Stop)
            {
                progress?.Finish();
                throw new CliException(ExitCodes.InputError, result.Error.Message, result.Error);
            }

            output.WriteError(result.Error.LineNumber, result.Error.Message);
            skipped++;
        }

        skipped += Flush(batch, output, process, isInputError);
        output.Flush();
        progress?.Finish();
        if (!Quiet)
        {
            double seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
            long written = output.RowsWritten - skipped;
            _context.StandardError.WriteLine(
                $"xlmr {_commandName}: {written} records in {seconds:F2} s ({written / seconds:F1}/s)" +
                (skipped > 0 ? $", {skipped} skipped" : string.Empty) + $" -> {destinationName}");
        }

        return skipped > 0 ? ExitCodes.CompletedWithSkippedLines : ExitCodes.Success;
    }

    private long Flush(List<InputRecord> batch, IRecordSink output, Action<IReadOnlyList<InputRecord>, IRecordSink> process, Func<Exception, bool> isInputError)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        long skipped = 0;
        long before = output.RowsWritten;
        try
        {
            process(batch, output);
        }
        catch (Exception e) when (isInputError(e) && output.RowsWritten == before && batch.Count > 1)
        {
            // Find the offending record(s): one at a time, so the good ones still get their output.
            foreach (InputRecord record in batch)
            {
                skipped += ProcessOne(record, output, process, isInputError);
            }
        }
        catch (Exception e) when (isInputError(e) && output.RowsWritten == before)
        {
            skipped += HandleFailure(batch[0], output, e);
        }

        batch.Clear();
        return skipped;
    }

    private long ProcessOne(InputRecord record, IRecordSink output, Action<IReadOnlyList<InputRecord>, IRecordSink> process, Func<Exception, bool> isInputError)
    {
        try
        {
            process([record], output);
            return 0;
        }
        catch (Exception e) when (isInputError(e))
        {
            return HandleFailure(record, output, e);
        }
    }

    private long HandleFailure(InputRecord record, IRecordSink output, Exception e)
    {
        if (OnError == OnError.Stop)
        {
            throw new CliException(ExitCodes.InputError, $"line {record.LineNumber}: {e.Message}", e);
        }

        output.WriteError(record.LineNumber, e.Message);
        return 1;
    }

    private IRecordSource CreateSource(TextReader reader, string sourceName) => FormatDetection.Input(InputFormat, InputPath) switch
    {
        InputFormat.Text => new TextLinesInput(reader),
        InputFormat.Csv => new DelimitedInput(reader, ',', sourceName, Column, PairColumn),
        InputFormat.Tsv => new DelimitedInput(reader, '\t', sourceName, Column, PairColumn),
        _ => new JsonLinesInput(reader, sourceName, Column, PairColumn ?? "text_pair"),
    };

    private TextReader OpenInput(out string sourceName, out Func<double?> fraction)
    {
        if (string.IsNullOrEmpty(InputPath) || InputPath == "-")
        {
            sourceName = "stdin";
            fraction = static () => null;
            return _context.StandardInput;
        }

        string path = Path.GetFullPath(InputPath, _context.CurrentDirectory);
        sourceName = path;
        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            long length = stream.Length;
            fraction = () => length > 0 ? Math.Min(1.0, (double)stream.Position / length) : null;
            return new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.InputError, $"cannot read input '{path}': {e.Message}", e);
        }
    }

    private IRecordSink OpenOutput(out string destinationName)
    {
        bool toStdout = string.IsNullOrEmpty(OutputPath) || OutputPath == "-";
        string? path = toStdout ? null : Path.GetFullPath(OutputPath!, _context.CurrentDirectory);
        destinationName = path ?? "stdout";
        Stream stream;
        try
        {
            stream = path is null ? _context.StandardOutput : new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.OutputError, $"cannot write output '{path}': {e.Message}", e);
        }

        return FormatDetection.Output(OutputFormat, OutputPath) == OutputFormat.Csv
            ? new CsvOutput(new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: path is null), ownsWriter: true, SpreadVectors)
            : new JsonLinesOutput(stream, ownsStream: path is not null);
    }
}

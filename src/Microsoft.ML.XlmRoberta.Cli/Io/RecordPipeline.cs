using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;

namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>
/// Drives a command over its input: reads records lazily in windows (and, with a <see cref="ReadAhead"/>, a few windows
/// ahead), hands them to the command in batches, writes one output row per input row in order, applies <see cref="OnError"/>, shows progress and prints a one-line summary on stderr.
/// An output file is written beside the target and put in place only on success (see <see cref="OutputFile"/>);
/// a stop request (<see cref="CliInterruption"/>) ends the job between batches, resumable with <see cref="Resume"/>.
/// </summary>
public sealed partial class RecordPipeline
{
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromMilliseconds(250);
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

    /// <summary>Records handed to the command at once (the library's window: it buckets them by length as a whole).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>What to do with a line that cannot be read or processed.</summary>
    public OnError OnError { get; init; } = OnError.Stop;

    /// <summary>Read bytes that are not UTF-8 as U+FFFD instead of rejecting their line.</summary>
    public bool ReplaceInvalidUtf8 { get; init; }

    /// <summary>Continue the interrupted job that wrote to <see cref="OutputPath"/>.</summary>
    public bool Resume { get; init; }

    /// <summary>The command and the options that shape its output; a resumed job must have the same.</summary>
    public string Fingerprint { get; init; } = string.Empty;

    /// <summary>Whether the pair column/member holds a list of texts (<see cref="InputRecord.TextList"/>).</summary>
    public bool PairIsList { get; init; }

    /// <summary>No progress and no summary on stderr.</summary>
    public bool Quiet { get; init; }

    /// <summary>Process only this shard's records (<see cref="RecordShard"/>); null: all of them.</summary>
    public RecordShard? Shard { get; init; }

    /// <summary>The input's id column (CSV/TSV) or member (JSON lines), carried into Parquet output; null: none.</summary>
    public string? IdColumn { get; init; }

    /// <summary>Parquet output: rows per row group (a checkpoint follows each, so --resume continues from the last).</summary>
    public int RowGroupRows { get; init; } = 8192;

    private bool ToStdout => string.IsNullOrEmpty(OutputPath) || OutputPath == "-";

    private bool FromStdin => string.IsNullOrEmpty(InputPath) || InputPath == "-";

    /// <summary>
    /// Checks what can be checked before any work (usage errors, exit code 2): <see cref="Resume"/> needs an output
    /// file and its marker, and the output must not be the input (symbolic and hard links included).
    /// </summary>
    public void Validate()
    {
        if (Resume && ToStdout)
        {
            throw new CliException(ExitCodes.UsageError, "--resume needs --output FILE: output written to stdout cannot be resumed.");
        }

        bool parquet = FormatDetection.Output(OutputFormat, OutputPath) == OutputFormat.Parquet;
        if (parquet && ToStdout)
        {
            throw new CliException(ExitCodes.UsageError, "Parquet output needs --output FILE: a Parquet file cannot be streamed to stdout.");
        }

        if (IdColumn is not null && !parquet)
        {
            throw new CliException(ExitCodes.UsageError, "--id-column is carried into Parquet output only: add --output-format parquet (or write to a .parquet file).");
        }

        if (IdColumn is not null && ParquetOutput.ReservedColumns.Contains(IdColumn))
        {
            throw new CliException(ExitCodes.UsageError, $"--id-column '{IdColumn}': Parquet output has a column of that name already (record, line, error); rename the input's column.");
        }

        if (ToStdout)
        {
            return;
        }

        string output = Path.GetFullPath(OutputPath!, _context.CurrentDirectory);
        if (Directory.Exists(output))
        {
            throw new CliException(ExitCodes.UsageError, $"the output '{output}' is a folder; name a file.");
        }

        string? input = FromStdin ? null : Path.GetFullPath(InputPath!, _context.CurrentDirectory);
        if (input is not null && (FileIdentity.Same(input, output) || string.Equals(FileIdentity.Resolve(input), FileIdentity.Resolve(output), StringComparison.Ordinal)))
        {
            throw new CliException(ExitCodes.UsageError, $"the output '{output}' is the input file; write to another file (the input would be lost).");
        }

        if (Resume && !File.Exists(OutputFile.MarkerPathOf(FileIdentity.Resolve(output))))
        {
            throw new CliException(ExitCodes.UsageError, $"nothing to resume: '{OutputFile.MarkerPathOf(output)}' does not exist; run without --resume.");
        }
    }

    /// <summary>
    /// Runs <paramref name="process"/> over the input. It must write exactly one row per record, in order; an
    /// exception for which <paramref name="isInputError"/> holds (or a <see cref="RowWriteException"/>) is an input
    /// problem (stop or skip), anything else is propagated.
    /// </summary>
    /// <param name="process">Computes and writes the rows of the records it is given (in input order, not always adjacent).</param>
    /// <param name="isInputError">Whether an exception of <paramref name="process"/> is the record's fault.</param>
    /// <param name="readAhead">With it, records are read ahead and run with the window of the same lengths; null: each window alone.</param>
    public int Run(Action<IReadOnlyList<InputRecord>, IRecordSink> process, Func<Exception, bool> isInputError, ReadAhead? readAhead = null)
    {
        Validate();
        var job = new Job(this, process, isInputError, readAhead);
        _context.Interruption.Armed = true;
        try
        {
            return job.Run();
        }
        finally
        {
            _context.Interruption.Armed = false;
            job.Dispose();
        }
    }

    private Utf8LineReader OpenInput(out string sourceName, out Func<double?> fraction)
    {
        if (FromStdin)
        {
            sourceName = "stdin";
            fraction = static () => null;
            return _context.StandardInputStream is { } bytes
                ? new Utf8LineReader(bytes, ownsStream: false, ReplaceInvalidUtf8)
                : Utf8LineReader.FromText(_context.StandardInput);
        }

        string path = Path.GetFullPath(InputPath!, _context.CurrentDirectory);
        sourceName = path;
        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            long length = stream.Length;
            fraction = () => length > 0 ? Math.Min(1.0, (double)stream.Position / length) : null;
            return new Utf8LineReader(stream, ownsStream: true, ReplaceInvalidUtf8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.InputError, $"cannot read input '{path}': {e.Message}", e);
        }
    }

    private IRecordSource CreateSource(Utf8LineReader reader, string sourceName)
    {
        InputFormat format = FormatDetection.Input(InputFormat, InputPath);
        string hint = string.Empty;
        if (InputFormat == InputFormat.Auto && format == InputFormat.Jsonl && !FormatDetection.IsJsonLinesName(InputPath))
        {
            // Not told and no telling extension: plain text unless the first line looks like a JSON object.
            InputLine? first = reader.PeekFirstNonBlank();
            format = first is { Problem: null } line && !line.Text.TrimStart().StartsWith('{') ? InputFormat.Text : InputFormat.Jsonl;
            hint = " (for plain text, one input per line, pass --format text)";
        }

        if (format == InputFormat.Text && IdColumn is not null)
        {
            throw new CliException(ExitCodes.UsageError, "--id-column needs JSON lines, CSV or TSV input: plain text has no columns.");
        }

        return format switch
        {
            InputFormat.Text => new TextLinesInput(reader, sourceName),
            InputFormat.Csv => new DelimitedInput(reader, ',', sourceName, Column, PairColumn) { PairIsList = PairIsList, IdColumn = IdColumn },
            InputFormat.Tsv => new DelimitedInput(reader, '\t', sourceName, Column, PairColumn) { PairIsList = PairIsList, IdColumn = IdColumn },
            _ => new JsonLinesInput(reader, sourceName, Column, PairColumn ?? "text_pair") { NotJsonHint = hint, PairIsList = PairIsList, IdColumn = IdColumn },
        };
    }

    /// <summary>One run: the open input and output, the counters, checkpoints and the handling of failures.</summary>
    private sealed partial class Job : IDisposable
    {
        private readonly RecordPipeline _p;
        private readonly Action<IReadOnlyList<InputRecord>, IRecordSink> _process;
        private readonly Func<Exception, bool> _isInputError;
        private readonly ReadAhead? _readAhead;
        private readonly PendingRows _pending = new();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly Stopwatch _sinceCheckpoint = Stopwatch.StartNew();
        private Utf8LineReader? _reader;
        private OutputFile? _file;
        private IRecordSink? _sink;
        private string _sourceName = "stdin";
        private string _destination = "stdout";
        private long _records;
        private long _skipped;

        // Where the written rows end in the input: the records read for them and the digest of their bytes. Records
        // read ahead are not counted until their rows are written; checkpoints and the stop message use these.
        private long _doneRecords;
        private string _doneDigest = string.Empty;
        private long _resumedRecords;
        private long _othersThisRun;

        public Job(RecordPipeline pipeline, Action<IReadOnlyList<InputRecord>, IRecordSink> process, Func<Exception, bool> isInputError, ReadAhead? readAhead)
        {
            _p = pipeline;
            _process = process;
            _isInputError = isInputError;
            _readAhead = readAhead;
        }

        public int Run()
        {
            try
            {
                return RunCore();
            }
            catch (CliException e)
            {
                throw Fail(e);
            }
            catch (NonFiniteOutputException e)
            {
                throw Fail(new CliException(ExitCodes.ModelError, e.Message, e));
            }
            catch (Encoder.NonFiniteModelOutputException e)
            {
                // Found by the library before the row writers see it: the same model error, in the same words.
                throw Fail(new CliException(ExitCodes.ModelError, $"the model produced a non-finite value: {RowText.OneLine(e.Message)}", e));
            }
            catch (Exception e) when (e is OnnxRuntimeException or InvalidDataException || (e is XlmRobertaException && e is not Encoder.XlmRobertaInputTooLongException))
            {
                throw Fail(new CliException(ExitCodes.ModelError, $"the model failed: {RowText.OneLine(e.Message)}", e));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Fail(new CliException(ExitCodes.OutputError, $"cannot write output '{_destination}': {e.Message}", e));
            }
            catch
            {
                _file?.Discard();
                TryFlushStdout();
                throw;
            }
        }

        private void TryFlushStdout()
        {
            if (_file is not null || _sink is null)
            {
                return;
            }

            try
            {
                _sink.Flush();
            }
            catch (IOException)
            {
                // The failure being reported may be this very stream.
            }
        }

        public void Dispose()
        {
            _sink?.Dispose();
            _file?.Dispose();
            _reader?.Dispose();
        }

        private int RunCore()
        {
            _reader = _p.OpenInput(out _sourceName, out Func<double?> fraction);
            IRecordSource source = _p.CreateSource(_reader, _sourceName);
            ResumeMarker? marker = OpenOutput();
            ProgressReporter? progress = _p.Quiet || !_p._context.StandardErrorIsTerminal ? null : new ProgressReporter(_p._context.StandardError, fraction);
            using IEnumerator<RecordResult> records = source.Read().GetEnumerator();
            if (marker is not null)
            {
                Replay(records, marker);
                _doneRecords = marker.Records;
                _doneDigest = marker.InputDigest;
            }
            else
            {
                _doneDigest = _reader.Digest();
                Checkpoint();
            }

            RunWindows(records, progress);
            _sink!.Flush();
            (_sink as ParquetOutput)?.Complete();
            _file?.Commit();
            progress?.Finish();
            if (!_p.Quiet)
            {
                double seconds = Math.Max(_clock.Elapsed.TotalSeconds, 1e-9);
                long written = _records - _resumedRecords - _othersThisRun - (_skipped - (marker?.Skipped ?? 0));
                _p._context.StandardError.WriteLine(
                    $"xlmr {_p._commandName}: {written} records in {seconds:F2} s ({written / seconds:F1}/s)" +
                    (_skipped > 0 ? $", {_skipped} skipped" : string.Empty) +
                    (_resumedRecords > 0 ? $", resumed after {_resumedRecords}" : string.Empty) +
                    (_p.Shard is { } shard ? $", shard {shard}" : string.Empty) + $" -> {_destination}");
            }

            return _skipped > 0 ? ExitCodes.CompletedWithSkippedLines : ExitCodes.Success;
        }

        private ResumeMarker? OpenOutput()
        {
            ResumeMarker? marker = null;
            Stream stream = _p._context.StandardOutput;
            if (!_p.ToStdout)
            {
                string target = FileIdentity.Resolve(Path.GetFullPath(_p.OutputPath!, _p._context.CurrentDirectory));
                _destination = target;
                if (_p.Resume)
                {
                    marker = ResumeMarker.Load(OutputFile.MarkerPathOf(target))
                        ?? throw new CliException(ExitCodes.UsageError, $"nothing to resume: '{OutputFile.MarkerPathOf(target)}' does not exist; run without --resume.");
                    if (marker.Options != _p.Fingerprint)
                    {
                        throw new CliException(ExitCodes.UsageError, $"cannot resume: the options differ from the interrupted job's ({marker.Options}); run it with the same options, or without --resume to start over.");
                    }
                }

                try
                {
                    _file = marker is null ? OutputFile.Create(target, _p._context.WrapOutputFile) : OutputFile.Reopen(target, marker.Bytes, marker.Tail, _p._context.WrapOutputFile);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new CliException(ExitCodes.OutputError, $"cannot write output '{target}': {e.Message}", e);
                }

                stream = _file.Stream;
            }

            _sink = FormatDetection.Output(_p.OutputFormat, _p.OutputPath) switch
            {
                OutputFormat.Csv => new CsvOutput(stream, ownsStream: false, _p.SpreadVectors, marker?.Columns),
                OutputFormat.Parquet => new ParquetOutput(stream, _p.RowGroupRows, _p.IdColumn, marker?.Columns),
                _ => new JsonLinesOutput(stream, ownsStream: false),
            };
            return marker;
        }

        private bool Next(IEnumerator<RecordResult> records)
        {
            try
            {
                return records.MoveNext();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException(ExitCodes.InputError, $"cannot read input '{_sourceName}': {e.Message}", e);
            }
        }

        /// <summary>Between batches: stop if asked to, and record progress now and then.</summary>
        private void AfterBatch()
        {
            CliInterruption interruption = _p._context.Interruption;
            if (interruption.IsRequested)
            {
                Checkpoint();
                string where = _file is null
                    ? "the output went to stdout, which cannot be resumed (use --output FILE for that)"
                    : $"{_doneRecords} rows are in '{_file.PartialPath}' and '{_destination}' is unchanged; run the same command with --resume to continue";
                throw new CliException(interruption.ExitCode, $"interrupted by {interruption.Signal} after {_doneRecords} records; {where}.");
            }

            // Parquet checkpoints at row-group ends: each flush writes a row group, so flushing by the clock would
            // make many small ones.
            if (_sink is ParquetOutput parquet ? parquet.RowGroupFull : _sinceCheckpoint.Elapsed >= CheckpointInterval)
            {
                Checkpoint();
            }
        }

        private void Checkpoint()
        {
            _sink!.Flush();
            _file?.Checkpoint(new ResumeMarker
            {
                Options = _p.Fingerprint,
                Input = _sourceName,
                InputDigest = _doneDigest,
                Records = _doneRecords,
                Skipped = _skipped,
                Bytes = _file.Length,
                Columns = (_sink as CsvOutput)?.Columns ?? (_sink as ParquetOutput)?.Columns,
                Tail = (_sink as ParquetOutput)?.Footer,
            });
            _sinceCheckpoint.Restart();
        }

        /// <summary>
        /// Cleans up after a failure: a stopped or unwritable job stays resumable, and so does one whose --resume was
        /// refused (a usage error); any other is removed.
        /// </summary>
        private CliException Fail(CliException e)
        {
            CliInterruption interruption = _p._context.Interruption;
            bool resumable = e.ExitCode is ExitCodes.OutputError or ExitCodes.UsageError || (interruption.IsRequested && e.ExitCode == interruption.ExitCode);
            if (_file is null)
            {
                // Stdout streams: the whole rows before the failure still go out.
                TryFlushStdout();
                return e;
            }

            if (!resumable)
            {
                _file.Discard();
                return e;
            }

            _file.Dispose();
            return e.ExitCode == ExitCodes.OutputError
                ? new CliException(e.ExitCode, $"{e.Message}; '{_destination}' is unchanged; rows done so far are kept in '{_file.PartialPath}' (--resume continues)", e.InnerException)
                : e;
        }

        /// <summary>
        /// Runs the command over <paramref name="records"/>, its rows going to <see cref="_pending"/>. Rows are written
        /// in order, so the ones before a failure stand; a failed write names its record, and a failure before any row
        /// is narrowed down by halves, so one bad record in a large window costs a few calls rather than one per record.
        /// </summary>
        private void Process(IReadOnlyList<InputRecord> records)
        {
            long before = _pending.RowsWritten;
            try
            {
                _process(records, _pending);
            }
            catch (Exception e) when (IsRowError(e))
            {
                int start = (int)(_pending.RowsWritten - before);
                if (e is RowWriteException || records.Count - start == 1)
                {
                    HandleFailure(records[start], e, _pending);
                    start++;
                }

                int rest = records.Count - start;
                if (rest == 0)
                {
                    return;
                }

                if (start == 0)
                {
                    // Nothing was written: split the failed set so that the good half runs in one call.
                    int half = rest / 2;
                    Process(Slice(records, 0, half));
                    Process(Slice(records, half, rest - half));
                    return;
                }

                Process(Slice(records, start, rest));
            }
        }

        private static InputRecord[] Slice(IReadOnlyList<InputRecord> records, int start, int count)
        {
            var slice = new InputRecord[count];
            for (int i = 0; i < count; i++)
            {
                slice[i] = records[start + i];
            }

            return slice;
        }

        private bool IsRowError(Exception e) => e is RowWriteException || _isInputError(e);

        /// <summary>Stops the job for a bad record, or writes an error row in its place to <paramref name="sink"/>.</summary>
        private void HandleFailure(InputRecord record, Exception e, IRecordSink sink)
        {
            if (_p.OnError == OnError.Stop)
            {
                throw new CliException(ExitCodes.InputError, $"line {record.LineNumber}: {RowText.OneLine(e.Message)}", e);
            }

            sink.WriteError(record, e.Message);
        }
    }
}

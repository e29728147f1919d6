using System.Runtime.InteropServices;

namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <content>The job's windows: reading them (ahead, with a <see cref="ReadAhead"/>), running them, writing their rows in order.</content>
public sealed partial class RecordPipeline
{
    /// <summary>
    /// Up to <see cref="BatchSize"/> good records in input order, ended early by a line that could not be read; the
    /// job writes a window's rows together and may stop or checkpoint after it.
    /// </summary>
    private sealed class Window
    {
        public List<InputRecord> Records { get; } = [];

        /// <summary>Each record's sequence length (<see cref="ReadAhead.SequenceLength"/>); empty without read-ahead.</summary>
        public List<int> Lengths { get; } = [];

        /// <summary>The unreadable line that ended the window, and its record index; null when none did.</summary>
        public (InputLineException Error, long Index)? Unreadable { get; set; }

        /// <summary>Records of other shards read while reading the window.</summary>
        public long Others { get; set; }

        /// <summary>Records read (of every shard) when the window ended, and the digest of the input bytes read by then.</summary>
        public long EndRecords { get; set; }

        /// <inheritdoc cref="EndRecords"/>
        public string EndDigest { get; set; } = string.Empty;
    }

    private sealed partial class Job
    {
        // The windows read and not yet written, in input order, and whether the input has ended.
        private readonly List<Window> _windows = [];
        private bool _ended;

        /// <summary>Windows read beyond the one being written: <see cref="ReadAhead.Records"/> in whole windows, at least one.</summary>
        private int WindowsAhead => _readAhead is null || _readAhead.Records == 0 ? 0 : Math.Max(1, _readAhead.Records / _p.BatchSize);

        /// <summary>
        /// Reads, runs and writes every window. With a <see cref="ReadAhead"/>, each window runs with the read-ahead
        /// records that share its batches; their rows wait in <see cref="_pending"/> for their own window.
        /// </summary>
        private void RunWindows(IEnumerator<RecordResult> records, ProgressReporter? progress)
        {
            while (true)
            {
                Fill(records);
                if (_windows.Count == 0)
                {
                    return;
                }

                Window due = _windows[0];
                try
                {
                    List<InputRecord> run = Select(_pending.Contains);
                    if (run.Count > 0)
                    {
                        Process(run);
                    }
                }
                catch (CliException)
                {
                    // Stopped at a bad record: the rows before it still go out.
                    WriteRows(due, readyOnly: true);
                    throw;
                }

                _windows.RemoveAt(0);
                WriteRows(due);
                _doneRecords = due.EndRecords;
                _doneDigest = due.EndDigest;
                progress?.Report(due.EndRecords);
                if (due.Unreadable is { } unreadable)
                {
                    if (_p.OnError == OnError.Stop)
                    {
                        progress?.Finish();
                        throw new CliException(ExitCodes.InputError, unreadable.Error.Message, unreadable.Error);
                    }

                    _sink!.WriteError(new InputRecord(unreadable.Error.LineNumber, string.Empty, null) { Index = unreadable.Index }, unreadable.Error.Message);
                    _skipped++;
                }

                if (!_ended || _windows.Count > 0)
                {
                    AfterBatch();
                }
            }
        }

        /// <summary>
        /// Skips what an interrupted job wrote, leaving the job as that one was after its last window: the written
        /// windows are read and planned again without running them, then the runs that held records of later windows
        /// are run again whole (their rows for written records dropped). So every batch a resumed job runs is one the
        /// uninterrupted job runs, and the output has the same bytes whatever the hardware's rounding.
        /// </summary>
        private void Replay(IEnumerator<RecordResult> records, ResumeMarker marker)
        {
            var done = new HashSet<long>();
            var again = new List<List<InputRecord>>();
            long position = 0, others = 0;
            string digest = _reader!.Digest();
            while (position < marker.Records)
            {
                Fill(records);
                if (_windows.Count == 0 || _windows[0].EndRecords > marker.Records)
                {
                    break;
                }

                Window written = _windows[0];
                List<InputRecord> run = Select(done.Contains);
                bool beyond = false;
                foreach (InputRecord record in run)
                {
                    done.Add(record.Index);
                    beyond |= record.Index >= marker.Records;
                }

                if (beyond)
                {
                    again.Add(run);
                }

                _windows.RemoveAt(0);
                position = written.EndRecords;
                digest = written.EndDigest;
                others += written.Others;
            }

            if (position != marker.Records || digest != marker.InputDigest)
            {
                throw new CliException(ExitCodes.UsageError, $"cannot resume: the input does not start with the {marker.Records} records the interrupted job read from {marker.Input}; run without --resume to start over.");
            }

            _resumedRecords = marker.Records;
            _skipped = marker.Skipped;
            _othersThisRun -= others;
            foreach (List<InputRecord> run in again)
            {
                Process(run);
                foreach (InputRecord record in run)
                {
                    if (record.Index < marker.Records)
                    {
                        _pending.Take(record.Index);
                    }
                }
            }
        }

        /// <summary>Reads windows until <see cref="WindowsAhead"/> wait beyond the first, never past an unreadable line.</summary>
        private void Fill(IEnumerator<RecordResult> records)
        {
            while (!_ended && (_windows.Count == 0 || (_windows.Count <= WindowsAhead && _windows[^1].Unreadable is null)))
            {
                Window window = ReadWindow(records);
                if (window.Records.Count > 0 || window.Unreadable is not null)
                {
                    _windows.Add(window);
                }
            }
        }

        /// <summary>Reads the next window; <see cref="_ended"/> turns true at the end of the input.</summary>
        private Window ReadWindow(IEnumerator<RecordResult> records)
        {
            var window = new Window();
            while (window.Records.Count < _p.BatchSize)
            {
                if (!Next(records))
                {
                    _ended = true;
                    break;
                }

                _records++;
                if (_p.Shard is { } shard && !shard.Owns(_records - 1))
                {
                    // Another shard's record (good or bad): its job reads and writes it.
                    _othersThisRun++;
                    window.Others++;
                    continue;
                }

                RecordResult result = records.Current;
                if (result.Error is not null)
                {
                    window.Unreadable = (result.Error, _records - 1);
                    break;
                }

                InputRecord record = result.Record with { Index = _records - 1 };
                window.Records.Add(record);
                if (_readAhead is not null)
                {
                    window.Lengths.Add(_readAhead.SequenceLength(record));
                }
            }

            window.EndRecords = _records;
            window.EndDigest = _reader!.Digest();
            return window;
        }

        /// <summary>
        /// The records to run now: the first window's that are not <paramref name="done"/>, with read-ahead ones of
        /// their lengths (none without a <see cref="ReadAhead"/>).
        /// </summary>
        private List<InputRecord> Select(Func<long, bool> done)
        {
            var waiting = new List<InputRecord>();
            var lengths = new List<int>();
            int due = 0;
            for (int w = 0; w < _windows.Count; w++)
            {
                Window window = _windows[w];
                for (int i = 0; i < window.Records.Count; i++)
                {
                    if (!done(window.Records[i].Index))
                    {
                        waiting.Add(window.Records[i]);
                        lengths.Add(_readAhead is null ? 0 : window.Lengths[i]);
                        due += w == 0 ? 1 : 0;
                    }
                }
            }

            if (_readAhead is null || due == 0)
            {
                return waiting.GetRange(0, due);
            }

            int[] run = _readAhead.Plan(CollectionsMarshal.AsSpan(lengths), due);
            var selected = new List<InputRecord>(run.Length);
            foreach (int i in run)
            {
                selected.Add(waiting[i]);
            }

            return selected;
        }

        /// <summary>
        /// Writes the window's rows in input order (with <paramref name="readyOnly"/>, up to the first record that has
        /// none yet); a row that this format cannot take is a bad record.
        /// </summary>
        private void WriteRows(Window window, bool readyOnly = false)
        {
            foreach (InputRecord record in window.Records)
            {
                if (readyOnly && !_pending.Contains(record.Index))
                {
                    return;
                }

                PendingRows.Entry entry = _pending.Take(record.Index);
                if (entry.Row is null)
                {
                    _sink!.WriteError(entry.Record, entry.Error!);
                    _skipped++;
                    continue;
                }

                try
                {
                    _sink!.Write(entry.Record, entry.Row);
                }
                catch (RowWriteException e)
                {
                    HandleFailure(entry.Record, e, _sink!);
                    _skipped++;
                }
            }
        }
    }
}

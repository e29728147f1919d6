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

        /// <summary>Records read (of every shard) when the window ended, and the digest of the input bytes read by then.</summary>
        public long EndRecords { get; set; }

        /// <inheritdoc cref="EndRecords"/>
        public string EndDigest { get; set; } = string.Empty;
    }

    private sealed partial class Job
    {
        /// <summary>
        /// Reads, runs and writes every window. With a <see cref="ReadAhead"/>, up to <see cref="ReadAhead.Records"/>
        /// more records (whole windows, at least one) are read (never past an unreadable line), and each window runs with the read-ahead records that
        /// share its batches; their rows wait in <see cref="_pending"/> for their own window.
        /// </summary>
        private void RunWindows(IEnumerator<RecordResult> records, ProgressReporter? progress)
        {
            var windows = new List<Window>();
            int windowsAhead = _readAhead is null || _readAhead.Records == 0 ? 0 : Math.Max(1, _readAhead.Records / _p.BatchSize);
            bool ended = false;
            while (true)
            {
                while (!ended && (windows.Count == 0 || (windows.Count <= windowsAhead && windows[^1].Unreadable is null)))
                {
                    Window window = ReadWindow(records, ref ended);
                    if (window.Records.Count > 0 || window.Unreadable is not null)
                    {
                        windows.Add(window);
                    }
                }

                if (windows.Count == 0)
                {
                    return;
                }

                Window due = windows[0];
                try
                {
                    Process(Select(windows));
                }
                catch (CliException)
                {
                    // Stopped at a bad record: the rows before it still go out.
                    WriteRows(due, readyOnly: true);
                    throw;
                }

                windows.RemoveAt(0);
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

                if (!ended || windows.Count > 0)
                {
                    AfterBatch();
                }
            }
        }

        /// <summary>Reads the next window; <paramref name="ended"/> turns true at the end of the input.</summary>
        private Window ReadWindow(IEnumerator<RecordResult> records, ref bool ended)
        {
            var window = new Window();
            while (window.Records.Count < _p.BatchSize)
            {
                if (!Next(records))
                {
                    ended = true;
                    break;
                }

                _records++;
                if (_p.Shard is { } shard && !shard.Owns(_records - 1))
                {
                    // Another shard's record (good or bad): its job reads and writes it.
                    _othersThisRun++;
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

        /// <summary>The records to run now: the first window's that have no result yet, with read-ahead ones of their lengths.</summary>
        private List<InputRecord> Select(List<Window> windows)
        {
            var waiting = new List<InputRecord>();
            var lengths = new List<int>();
            int due = 0;
            for (int w = 0; w < windows.Count; w++)
            {
                Window window = windows[w];
                for (int i = 0; i < window.Records.Count; i++)
                {
                    if (!_pending.Contains(window.Records[i].Index))
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

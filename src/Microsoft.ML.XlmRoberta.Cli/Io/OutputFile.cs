namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>
/// An output file that is never lost: rows go to <c>&lt;target&gt;.xlmr-partial</c> beside the target, which replaces
/// the target (after an fsync) only when the job succeeds. Checkpoints record in <c>&lt;target&gt;.xlmr-resume</c>
/// how many records and bytes of the partial file are done, so an interrupted or killed job can be resumed.
/// </summary>
internal sealed class OutputFile : IDisposable
{
    private readonly FileStream _file;
    private bool _closed;

    private OutputFile(string target, FileStream file, Func<Stream, Stream>? wrap)
    {
        TargetPath = target;
        _file = file;
        Stream = wrap is null ? file : wrap(file);
    }

    /// <summary>The file the job produces.</summary>
    public string TargetPath { get; }

    /// <summary>Where rows are written until the job succeeds.</summary>
    public string PartialPath => PartialPathOf(TargetPath);

    /// <summary>The resume marker.</summary>
    public string MarkerPath => MarkerPathOf(TargetPath);

    /// <summary>The stream rows are written to.</summary>
    public Stream Stream { get; }

    public static string PartialPathOf(string target) => target + ".xlmr-partial";

    public static string MarkerPathOf(string target) => target + ".xlmr-resume";

    /// <summary>Starts an empty partial file (the target is not touched).</summary>
    public static OutputFile Create(string target, Func<Stream, Stream>? wrap)
    {
        FileStream file = Open(target);
        file.SetLength(0);
        return new OutputFile(target, file, wrap);
    }

    /// <summary>
    /// Reopens the partial file of an interrupted job and cuts it to the <paramref name="bytes"/> its marker vouches
    /// for; the last of them are put back from <paramref name="tail"/> when given (a Parquet footer that a later,
    /// unfinished row group overwrote).
    /// </summary>
    public static OutputFile Reopen(string target, long bytes, byte[]? tail, Func<Stream, Stream>? wrap)
    {
        string partial = PartialPathOf(target);
        if (!File.Exists(partial))
        {
            throw new CliException(ExitCodes.UsageError, $"cannot resume: the partial output '{partial}' is gone; run without --resume to start over.");
        }

        FileStream file = Open(target);
        long kept = bytes - (tail?.Length ?? 0);
        if (file.Length < kept)
        {
            file.Dispose();
            throw new CliException(ExitCodes.UsageError, $"cannot resume: '{partial}' holds {file.Length} bytes, fewer than the {kept} its marker records; run without --resume to start over.");
        }

        file.SetLength(kept);
        file.Seek(kept, SeekOrigin.Begin);
        if (tail is not null)
        {
            file.Write(tail);
        }

        return new OutputFile(target, file, wrap);
    }

    /// <summary>Records that the rows written so far (all handed to the file) are done.</summary>
    public void Checkpoint(ResumeMarker marker)
    {
        Stream.Flush();
        marker.Save(MarkerPath);
    }

    /// <summary>Bytes in the partial file (after a flush).</summary>
    public long Length => _file.Length;

    /// <summary>Makes the partial file durable and puts it in place of the target; removes the marker.</summary>
    public void Commit()
    {
        Stream.Flush();
        _file.Flush(flushToDisk: true);
        Close();
        File.Move(PartialPath, TargetPath, overwrite: true);
        File.Delete(MarkerPath);
    }

    /// <summary>Removes the partial file and the marker (the target is not touched).</summary>
    public void Discard()
    {
        Close();
        TryDelete(PartialPath);
        TryDelete(MarkerPath);
    }

    /// <summary>Closes the partial file, leaving it and the marker for <c>--resume</c>.</summary>
    public void Dispose() => Close();

    private void Close()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        try
        {
            Stream.Dispose();
            _file.Dispose();
        }
        catch (IOException)
        {
            // Closing after a failed write (disk full) may fail again; the marker decides what counts.
        }
    }

    private static FileStream Open(string target) =>
        // OpenOrCreate, then truncate: a partial file locked by another xlmr job is not emptied before the lock fails.
        new(PartialPathOf(target), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a left-over partial file is harmless (the next run starts it over).
        }
    }
}

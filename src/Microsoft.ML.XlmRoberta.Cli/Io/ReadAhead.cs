using Microsoft.ML.XlmRoberta.Encoder;

namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>
/// Lets <see cref="RecordPipeline"/> read records ahead of the window it writes next, and run with that window the
/// read-ahead records of the same lengths (<see cref="BatchPlanner.PlanAhead"/>). A window of 256 records alone pads
/// its batches to about 5.5% more tokens than it holds; with three windows read ahead, about 2%, as the library does
/// for the same texts in one call. The output order, the windows at which a job stops, and the checkpoints stay as
/// they are.
/// </summary>
public sealed class ReadAhead
{
    private readonly XlmRobertaEncoder _encoder;
    private readonly Func<InputRecord, int> _sequenceLength;

    /// <summary>Creates the read-ahead of a command that runs <paramref name="encoder"/>.</summary>
    /// <param name="encoder">The encoder; its batch size and token budget shape the plan.</param>
    /// <param name="sequenceLength">A record's sequence length as the command tokenizes it (it may throw for a bad record).</param>
    public ReadAhead(XlmRobertaEncoder encoder, Func<InputRecord, int> sequenceLength)
    {
        _encoder = encoder;
        _sequenceLength = sequenceLength;
    }

    /// <summary>Records read ahead of the window being written, at most (the encoder's <see cref="XlmRobertaEncoderOptions.StreamingReadAhead"/>).</summary>
    public int Records => _encoder.Options.StreamingReadAhead;

    /// <summary>
    /// The length <paramref name="record"/> runs at (<see cref="XlmRobertaEncoder.PlannedLength"/>), or -1 when it cannot
    /// be tokenized or is too long to run: such a record is never run ahead of its window, where the command reports
    /// its problem in order.
    /// </summary>
    public int SequenceLength(InputRecord record)
    {
        try
        {
            return _encoder.PlannedLength(_sequenceLength(record));
        }
        catch (Exception)
        {
            return -1;
        }
    }

    /// <summary>Which pending records run now: the first <paramref name="dueCount"/> are due (see <see cref="BatchPlanner.PlanAhead"/>).</summary>
    public int[] Plan(ReadOnlySpan<int> lengths, int dueCount) =>
        BatchPlanner.PlanAhead(lengths, dueCount, _encoder.Options.MaxBatchSize, _encoder.Options.MaxTokensPerBatch);
}

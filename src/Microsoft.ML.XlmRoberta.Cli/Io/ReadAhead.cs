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

    /// <summary>Records read ahead of the window being written, at most (whole windows of it).</summary>
    public const int Records = 768;

    /// <summary>
    /// The sequence length of <paramref name="record"/> (at most the model's), or -1 when the record cannot be
    /// tokenized: such a record is never run ahead of its window, where the command reports its problem in order.
    /// </summary>
    public int SequenceLength(InputRecord record)
    {
        int length;
        try
        {
            length = _sequenceLength(record);
        }
        catch (Exception)
        {
            return -1;
        }

        // Over the limit: rejected in its turn (LongInputMode.Throw), or run as windows of the model's length.
        return length <= _encoder.MaxSequenceLength ? length
            : _encoder.Options.LongInputMode == LongInputMode.Throw ? -1 : _encoder.MaxSequenceLength;
    }

    /// <summary>Which pending records run now: the first <paramref name="dueCount"/> are due (see <see cref="BatchPlanner.PlanAhead"/>).</summary>
    public int[] Plan(ReadOnlySpan<int> lengths, int dueCount) =>
        BatchPlanner.PlanAhead(lengths, dueCount, _encoder.Options.MaxBatchSize, _encoder.Options.MaxTokensPerBatch);
}

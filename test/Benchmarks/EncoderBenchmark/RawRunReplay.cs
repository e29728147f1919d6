using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.XlmRoberta.Encoder;

namespace Microsoft.ML.XlmRoberta.Benchmarks;

/// <summary>
/// The floor: the same padded batches the encoder plans, fed to a bare <see cref="InferenceSession"/>; only the
/// <c>Run</c> calls are timed.
/// </summary>
internal sealed class RawRunReplay : IDisposable
{
    private readonly InferenceSession _session;
    private readonly List<(OrtValue Ids, OrtValue Mask)> _batches = [];

    public RawRunReplay(XlmRobertaEncoder encoder, string[] texts, int threads)
    {
        using var options = new SessionOptions { IntraOpNumThreads = threads, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };

        // The encoder's thread-spinning choice, so that the two sessions differ only in who prepares the batches.
        string spinning = encoder.Options.AllowSpinning ? "1" : "0";
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", spinning);
        options.AddSessionConfigEntry("session.inter_op.allow_spinning", spinning);
        _session = new InferenceSession(encoder.Folder.OnnxPath, options);
        var ids = new int[texts.Length][];
        var lengths = new int[texts.Length];
        for (int i = 0; i < texts.Length; i++)
        {
            // The encoder's own route (truncated to the model's maximum length), so both sides run the same batches.
            ids[i] = encoder.Tokenize(texts[i]).IdsSpan.ToArray();
            lengths[i] = ids[i].Length;
        }

        foreach (BatchPlan plan in BatchPlanner.Plan(lengths, encoder.Options.MaxBatchSize, encoder.Options.MaxTokensPerBatch))
        {
            int s = plan.SequenceLength;
            var inputIds = new long[plan.Rows.Length * s];
            var mask = new long[inputIds.Length];
            Array.Fill(inputIds, encoder.Config.PadTokenId);
            for (int r = 0; r < plan.Rows.Length; r++)
            {
                int[] row = ids[plan.Rows[r]];
                for (int j = 0; j < row.Length; j++)
                {
                    inputIds[(r * s) + j] = row[j];
                    mask[(r * s) + j] = 1;
                }
            }

            long[] shape = [plan.Rows.Length, s];
            _batches.Add((OrtValue.CreateTensorValueFromMemory(inputIds, shape), OrtValue.CreateTensorValueFromMemory(mask, shape)));
        }
    }

    public int Batches => _batches.Count;

    /// <summary>Seconds spent in <c>Run</c> over all batches.</summary>
    public double Run()
    {
        using var runOptions = new RunOptions();
        string[] inputs = ["input_ids", "attention_mask"];
        string[] outputs = ["last_hidden_state"];
        long ticks = 0;
        foreach ((OrtValue ids, OrtValue mask) in _batches)
        {
            long start = Stopwatch.GetTimestamp();
            using IDisposableReadOnlyCollection<OrtValue> result = _session.Run(runOptions, inputs, [ids, mask], outputs);
            ticks += Stopwatch.GetTimestamp() - start;
        }

        return Stopwatch.GetElapsedTime(0, ticks).TotalSeconds;
    }

    public void Dispose()
    {
        foreach ((OrtValue ids, OrtValue mask) in _batches)
        {
            ids.Dispose();
            mask.Dispose();
        }

        _session.Dispose();
    }
}

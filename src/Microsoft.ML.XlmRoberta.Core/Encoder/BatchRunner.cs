using System.Buffers;
using System.Diagnostics;
using System.Numerics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.XlmRoberta.ModelFolder;
using Microsoft.ML.XlmRoberta.Tokenization;

namespace Microsoft.ML.XlmRoberta.Encoder;

/// <summary>
/// Runs planned batches through the session: right-pads pooled id/mask buffers, wraps them in OrtValues without
/// copying, and hands each row of the output to a <see cref="SegmentSink"/>. Every buffer belongs to one call.
/// </summary>
internal sealed class BatchRunner
{
    private readonly InferenceSession _session;
    private readonly ModelSignature _signature;
    private readonly int _padId;
    private readonly int _maxBatchSize;
    private readonly int _maxTokensPerBatch;
    private readonly string[] _inputNames;
    private readonly string _onnxPath;
    private long _batches, _sequences, _realTokens, _paddedTokens, _runTicks;

    public BatchRunner(InferenceSession session, ModelSignature signature, int padId, string onnxPath, XlmRobertaEncoderOptions options)
    {
        _onnxPath = onnxPath;
        _session = session;
        _signature = signature;
        _padId = padId;
        _maxBatchSize = options.MaxBatchSize;
        _maxTokensPerBatch = options.MaxTokensPerBatch;
        _inputNames = signature.TokenTypeIdsName is string types
            ? [signature.InputIdsName, signature.AttentionMaskName, types]
            : [signature.InputIdsName, signature.AttentionMaskName];
    }

    public EncoderStatistics Statistics => new(
        Interlocked.Read(ref _batches), Interlocked.Read(ref _sequences), Interlocked.Read(ref _realTokens),
        Interlocked.Read(ref _paddedTokens), Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _runTicks)));

    public void Run(IReadOnlyList<Segment> segments, string outputName, SegmentSink sink, CancellationToken cancellationToken) =>
        Run(segments, [outputName], sink, cancellationToken);

    /// <summary>Runs every segment as one row; each output of <paramref name="outputNames"/> reaches the sink with its index.</summary>
    public void Run(IReadOnlyList<Segment> segments, string[] outputNames, SegmentSink sink, CancellationToken cancellationToken)
    {
        if (segments.Count == 0)
        {
            return;
        }

        var lengths = new int[segments.Count];
        for (int i = 0; i < lengths.Length; i++)
        {
            lengths[i] = segments[i].Length;
        }

        IReadOnlyList<BatchPlan> plans = BatchPlanner.Plan(lengths, _maxBatchSize, _maxTokensPerBatch);
        RunPlans(segments, plans, 0, outputNames, sink, cancellationToken);
    }

    /// <summary>
    /// Runs a multiple-choice graph (inputs <c>[rows, choices, sequence]</c>). <paramref name="segments"/> holds each
    /// row's choices consecutively (<see cref="Segment.Window"/> 0..<see cref="Segment.WindowCount"/>-1); rows with the
    /// same number of choices are bucketed by their longest choice, and each row's output reaches the sink through its
    /// first choice's segment.
    /// </summary>
    public void RunChoices(IReadOnlyList<Segment> segments, string outputName, SegmentSink sink, CancellationToken cancellationToken)
    {
        // Rows grouped by their number of choices (a batch tensor has one choices axis), in order of first appearance.
        var byCount = new Dictionary<int, (List<int> First, List<int> Length)>();
        for (int i = 0; i < segments.Count; i += segments[i].WindowCount)
        {
            int choices = segments[i].WindowCount;
            int longest = 0;
            for (int c = 0; c < choices; c++)
            {
                longest = Math.Max(longest, segments[i + c].Length);
            }

            if (!byCount.TryGetValue(choices, out (List<int> First, List<int> Length) group))
            {
                group = ([], []);
                byCount[choices] = group;
            }

            group.First.Add(i);
            group.Length.Add(longest);
        }

        foreach ((int choices, (List<int> first, List<int> length)) in byCount)
        {
            IReadOnlyList<BatchPlan> plans = BatchPlanner.Plan(
                length.ToArray(), Math.Max(1, _maxBatchSize / choices), Math.Max(1, _maxTokensPerBatch / choices));
            var mapped = new BatchPlan[plans.Count];
            for (int p = 0; p < mapped.Length; p++)
            {
                int[] rows = plans[p].Rows;
                var firstSegments = new int[rows.Length];
                for (int r = 0; r < rows.Length; r++)
                {
                    firstSegments[r] = first[rows[r]];
                }

                mapped[p] = new BatchPlan(firstSegments, plans[p].SequenceLength);
            }

            RunPlans(segments, mapped, choices, [outputName], sink, cancellationToken);
        }
    }

    /// <summary>
    /// Runs planned batches: with <paramref name="choices"/> 0 the inputs are <c>[rows, sequence]</c>, else
    /// <c>[rows, choices, sequence]</c> with each row's choices the consecutive segments from its plan index.
    /// </summary>
    private void RunPlans(
        IReadOnlyList<Segment> segments, IReadOnlyList<BatchPlan> plans, int choices, string[] outputNames, SegmentSink sink, CancellationToken cancellationToken)
    {
        // The registration is disposed before the run options (reverse declaration order), and its Dispose waits for a
        // callback in progress, so a late cancellation never sets Terminate on freed native run options.
        using var runOptions = new RunOptions();
        using CancellationTokenRegistration registration = cancellationToken.Register(
            static state => ((RunOptions)state!).Terminate = true, runOptions);
        foreach (BatchPlan plan in plans)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (_signature.UsesInt32Inputs)
                {
                    RunBatch<int>(segments, plan, choices, runOptions, outputNames, sink);
                }
                else
                {
                    RunBatch<long>(segments, plan, choices, runOptions, outputNames, sink);
                }
            }
            catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
        }
    }

    private void RunBatch<T>(
        IReadOnlyList<Segment> segments, BatchPlan plan, int choices, RunOptions runOptions, string[] outputNames, SegmentSink sink)
        where T : unmanaged, IBinaryInteger<T>
    {
        int rows = plan.Rows.Length;
        int perRow = Math.Max(1, choices);
        int length = plan.SequenceLength;
        int n = rows * perRow * length;
        T[] ids = ArrayPool<T>.Shared.Rent(n);
        T[] mask = ArrayPool<T>.Shared.Rent(n);
        T[]? types = _signature.TokenTypeIdsName is null ? null : ArrayPool<T>.Shared.Rent(n);
        long real = 0;
        try
        {
            T pad = T.CreateTruncating(_padId);
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < perRow; c++)
                {
                    int[] source = segments[plan.Rows[r] + c].Ids;
                    int offset = ((r * perRow) + c) * length;
                    BatchPadding.PadRow(source, ids.AsSpan(offset, length), mask.AsSpan(offset, length), pad);
                    real += source.Length;
                }
            }

            types?.AsSpan(0, n).Clear();
            long[] shape = choices == 0 ? [rows, length] : [rows, choices, length];
            using OrtValue idValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, ids.AsMemory(0, n), shape);
            using OrtValue maskValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, mask.AsMemory(0, n), shape);
            using OrtValue? typeValue = types is null
                ? null
                : OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, types.AsMemory(0, n), shape);
            OrtValue[] values = typeValue is null ? [idValue, maskValue] : [idValue, maskValue, typeValue];

            long start = Stopwatch.GetTimestamp();
            using IDisposableReadOnlyCollection<OrtValue> outputs = _session.Run(runOptions, _inputNames, values, outputNames);
            Interlocked.Add(ref _runTicks, Stopwatch.GetTimestamp() - start);
            for (int k = 0; k < outputNames.Length; k++)
            {
                Dispatch(segments, plan, outputs[k], k, outputNames[k], sink);
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(ids);
            ArrayPool<T>.Shared.Return(mask);
            if (types is not null)
            {
                ArrayPool<T>.Shared.Return(types);
            }
        }

        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _sequences, rows * perRow);
        Interlocked.Add(ref _realTokens, real);
        Interlocked.Add(ref _paddedTokens, n);
    }

    private void Dispatch(IReadOnlyList<Segment> segments, BatchPlan plan, OrtValue output, int index, string name, SegmentSink sink)
    {
        long[] shape = output.GetTensorTypeAndShape().Shape;
        ReadOnlySpan<float> data = output.GetTensorDataAsSpan<float>();
        int rows = plan.Rows.Length;
        if (shape.Length == 3 && shape[0] == rows && shape[1] == plan.SequenceLength)
        {
            int width = checked((int)shape[2]);
            int stride = plan.SequenceLength * width;
            for (int r = 0; r < rows; r++)
            {
                Segment segment = segments[plan.Rows[r]];
                ReadOnlySpan<float> row = data.Slice(r * stride, segment.Length * width);
                FiniteCheck.Verify(row, _onnxPath, name);
                sink.Accept(segment, index, row, width);
            }
        }
        else if (shape.Length == 2 && shape[0] == rows)
        {
            int width = checked((int)shape[1]);
            for (int r = 0; r < rows; r++)
            {
                ReadOnlySpan<float> row = data.Slice(r * width, width);
                FiniteCheck.Verify(row, _onnxPath, name);
                sink.Accept(segments[plan.Rows[r]], index, row, width);
            }
        }
        else
        {
            throw new XlmRobertaModelException(
                $"'{_onnxPath}': output '{name}' has shape [{string.Join(", ", shape)}] for a batch of {rows} × {plan.SequenceLength}.",
                _onnxPath, $"output '{name}'");
        }
    }
}

using Microsoft.ML.OnnxRuntime;

namespace Microsoft.ML.XlmRoberta.Encoder;

/// <summary>How a model folder is loaded and run.</summary>
public sealed class XlmRobertaEncoderOptions
{
    /// <summary>The ONNX file relative to the model folder; <see langword="null"/> means <c>onnx/model.onnx</c>.</summary>
    public string? OnnxFile { get; init; }

    /// <summary>ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose (one per physical core).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>
    /// Let ONNX Runtime's pool threads busy-wait for work between parallel sections (ONNX Runtime's own default).
    /// Default off: on cores shared with other work spinning slows every call down; on an otherwise idle machine
    /// turning it on can shave latency off small calls. It never changes results.
    /// </summary>
    public bool AllowSpinning { get; init; }

    /// <summary>ONNX Runtime graph optimizations (default: all).</summary>
    public GraphOptimizationLevel GraphOptimizationLevel { get; init; } = GraphOptimizationLevel.ORT_ENABLE_ALL;

    /// <summary>The execution provider (default CPU).</summary>
    public ExecutionProvider ExecutionProvider { get; init; } = ExecutionProvider.Cpu;

    /// <summary>The CUDA device, when <see cref="ExecutionProvider"/> is CUDA.</summary>
    public int CudaDeviceId { get; init; }

    /// <summary>
    /// When the requested provider is unavailable, run on the CPU instead of throwing
    /// <see cref="ExecutionProviderUnavailableException"/> (default off).
    /// </summary>
    public bool AllowCpuFallback { get; init; }

    /// <summary>The most sequences in one ONNX Runtime call (default 32).</summary>
    public int MaxBatchSize { get; init; } = 32;

    /// <summary>
    /// The most padded tokens (rows × padded length) in one ONNX Runtime call (default 8192). A single sequence
    /// longer than the budget still runs, alone.
    /// </summary>
    public int MaxTokensPerBatch { get; init; } = 8192;

    /// <summary>What happens to inputs longer than the model's limit (default: truncate).</summary>
    public LongInputMode LongInputMode { get; init; } = LongInputMode.Truncate;

    /// <summary>
    /// The maximum sequence length in tokens, special tokens included; <see langword="null"/> means the model's limit
    /// (<c>max_position_embeddings - 2</c>). A larger value is rejected.
    /// </summary>
    public int? MaxSequenceLength { get; init; }

    /// <summary>Tokens shared by consecutive windows in <see cref="LongInputMode.SlidingWindow"/> mode (default 128).</summary>
    public int WindowOverlap { get; init; } = 128;

    /// <summary>Texts tokenized and run per chunk by the streaming APIs (default 256).</summary>
    public int StreamingChunkSize { get; init; } = 256;

    /// <summary>
    /// Inputs the synchronous streaming APIs (<c>EmbedStream</c>, <c>EmbedIdsStream</c>) read beyond the chunk they
    /// return next (default 0: none). Each chunk then runs with the read-ahead inputs that share its batches, and their
    /// results wait for their own chunk (<see cref="BatchPlanner.PlanAhead"/>): on corpus text with chunks of 256,
    /// reading 768 ahead cuts padding from 5.5% to 2–3%, at the cost of reading that much further into the source
    /// before the first result. Results and their order do not change.
    /// </summary>
    public int StreamingReadAhead { get; init; }

    /// <summary>Checks every setting's range (what <c>XlmRobertaEncoder.Load</c> does first).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(IntraOpThreads, nameof(IntraOpThreads));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchSize, 1, nameof(MaxBatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTokensPerBatch, 1, nameof(MaxTokensPerBatch));
        ArgumentOutOfRangeException.ThrowIfNegative(WindowOverlap, nameof(WindowOverlap));
        ArgumentOutOfRangeException.ThrowIfLessThan(StreamingChunkSize, 1, nameof(StreamingChunkSize));
        ArgumentOutOfRangeException.ThrowIfNegative(StreamingReadAhead, nameof(StreamingReadAhead));
        if (MaxSequenceLength is int m)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(m, 3, nameof(MaxSequenceLength));
        }
    }
}

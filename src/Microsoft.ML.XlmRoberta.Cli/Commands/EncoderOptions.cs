using System.CommandLine;
using Microsoft.ML.XlmRoberta.Cli.Models;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.ModelFolder;

namespace Microsoft.ML.XlmRoberta.Cli.Commands;

/// <summary>Options of the commands that run the encoder, and how they become a loaded <see cref="XlmRobertaEncoder"/>.</summary>
internal sealed class EncoderOptions
{
    public CommonOptions Common { get; init; } = new();

    public Option<int> BatchSize { get; } = new("--batch-size", "-b")
    {
        Description = "Most texts per ONNX Runtime call (texts are sorted by length and bucketed by a token budget).",
        DefaultValueFactory = _ => 32,
    };

    public Option<int> Threads { get; } = new("--threads")
    {
        Description = "ONNX Runtime intra-op threads (default: all cores; 0: ONNX Runtime's default, one per physical core).",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };

    public Option<ExecutionProvider> Device { get; } = new("--device")
    {
        Description = "cpu or cuda. cuda needs ONNX Runtime's CUDA provider libraries and a GPU.",
        DefaultValueFactory = _ => ExecutionProvider.Cpu,
    };

    public Option<bool> CpuFallback { get; } = new("--cpu-fallback")
    {
        Description = "With --device cuda: run on the CPU when CUDA is unavailable instead of failing.",
    };

    public Option<string?> OnnxFile { get; } = new("--onnx-file")
    {
        Description = "ONNX file inside the model folder (default onnx/model.onnx), e.g. onnx/model_quantized.onnx.",
    };

    public Option<LongInputMode> LongInput { get; } = new("--long-input")
    {
        Description = "Inputs over the length limit: truncate, throw (an error for that line), or slidingwindow.",
        DefaultValueFactory = _ => LongInputMode.Truncate,
    };

    public void AddTo(Command command)
    {
        Common.AddTo(command);
        AddEncoderOptionsTo(command);
    }

    /// <summary>The options that load and run the encoder, without the record input/output ones (for <c>xlmr serve</c>).</summary>
    public void AddEncoderOptionsTo(Command command)
    {
        command.Options.Add(BatchSize);
        command.Options.Add(Threads);
        command.Options.Add(Device);
        command.Options.Add(CpuFallback);
        command.Options.Add(OnnxFile);
        command.Options.Add(LongInput);
        BatchSize.Between(1, MaxBatchSize);
        Threads.Between(0, MaxThreads, " (0: ONNX Runtime's default; at most 4 per core)");
    }

    /// <summary>
    /// Records handed to the library at once: its streaming window (<see cref="XlmRobertaEncoderOptions.StreamingChunkSize"/>),
    /// which it sorts by length and cuts into --batch-size batches as a whole, or one batch when that is larger.
    /// </summary>
    public int RecordsPerCall(ParseResult result) => Math.Max(result.GetValue(BatchSize), StreamingWindow);

    /// <summary>The most records per batch (the batch is held in memory).</summary>
    public const int MaxBatchSize = 65536;

    /// <summary>The most intra-op threads: 4 per core (more only adds memory and contention).</summary>
    public static int MaxThreads => 4 * Environment.ProcessorCount;

    /// <summary>The model folder for this command line (exit code 3 when there is none).</summary>
    public string ResolveModel(ParseResult result, CliContext context, string fixtureTask) =>
        ModelLocator.Resolve(result.GetValue(Common.Model), fixtureTask, context);

    /// <summary>
    /// Checks the options against the model's config.json (usage errors, exit code 2, before the model is loaded),
    /// then loads the encoder (exit code 3 when it cannot be loaded).
    /// </summary>
    /// <param name="result">The parsed command line.</param>
    /// <param name="folder">The model folder.</param>
    /// <param name="commandName">The command, for messages.</param>
    /// <param name="slidingWindow">Whether the command supports <c>--long-input slidingwindow</c>.</param>
    /// <param name="multipleChoice">Whether the model is a multiple-choice graph (<see cref="XlmRobertaEncoder.LoadMultipleChoice"/>).</param>
    public XlmRobertaEncoder Load(ParseResult result, string folder, string commandName, bool slidingWindow = true, bool multipleChoice = false)
    {
        XlmRobertaConfig config = ModelLoading.Load(() => XlmRobertaConfig.Load(Path.Combine(folder, "config.json")), folder);
        LongInputMode longInput = result.GetValue(LongInput);
        if (longInput == LongInputMode.SlidingWindow && !slidingWindow)
        {
            throw Usage($"{commandName} does not support --long-input slidingwindow (it reads one result per sequence); use truncate or throw.");
        }

        int limit = config.MaxSequenceLength;
        int? maxLength = result.GetValue(Common.MaxLength);
        if (maxLength is int m && (m < MinSequenceLength || m > limit))
        {
            throw Usage($"--max-length {m} is outside this model's range {MinSequenceLength}..{limit} (max_position_embeddings {config.MaxPositionEmbeddings} minus padding offset).");
        }

        int width = (maxLength ?? limit) - 2;
        if (longInput == LongInputMode.SlidingWindow && width <= WindowOverlap)
        {
            throw Usage($"--long-input slidingwindow needs --max-length of at least {WindowOverlap + 3} (windows overlap by {WindowOverlap} tokens).");
        }

        var options = new XlmRobertaEncoderOptions
        {
            OnnxFile = result.GetValue(OnnxFile),
            IntraOpThreads = result.GetValue(Threads),
            ExecutionProvider = result.GetValue(Device),
            AllowCpuFallback = result.GetValue(CpuFallback),
            MaxBatchSize = result.GetValue(BatchSize),
            MaxSequenceLength = result.GetValue(Common.MaxLength),
            LongInputMode = result.GetValue(LongInput),
            StreamingReadAhead = ReadAheadRecords,
        };
        return ModelLoading.Load(
            () => multipleChoice ? XlmRobertaEncoder.LoadMultipleChoice(folder, options) : XlmRobertaEncoder.Load(folder, options), folder);
    }

    /// <summary>
    /// Records read ahead of the window being written (<see cref="XlmRobertaEncoderOptions.StreamingReadAhead"/>):
    /// three windows of 256. On corpus text that pads 2.0% (1,000 texts) and 2.8% (3,000), against 5.5% and 5.8% for
    /// windows alone and 2.0% and 1.0% for one plan of all; the first window then runs with them, ~4x a window's time.
    /// </summary>
    private const int ReadAheadRecords = 768;

    /// <summary>The shortest sequence the encoder takes: &lt;s&gt;, one token, &lt;/s&gt;.</summary>
    private const int MinSequenceLength = 3;

    /// <summary>The library's streaming window (its default).</summary>
    private static readonly int StreamingWindow = new XlmRobertaEncoderOptions().StreamingChunkSize;

    /// <summary>The overlap of sliding windows (the encoder's default).</summary>
    private static readonly int WindowOverlap = new XlmRobertaEncoderOptions().WindowOverlap;

    private static CliException Usage(string message) => new(ExitCodes.UsageError, message);

    /// <summary>Input problems that concern one line (too long, bad argument), not the model or a bug.</summary>
    public static bool IsInputError(Exception e) => e is ArgumentException or XlmRobertaInputTooLongException;
}

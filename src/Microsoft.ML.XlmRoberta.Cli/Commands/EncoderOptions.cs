using System.CommandLine;
using Microsoft.ML.XlmRoberta.Cli.Models;
using Microsoft.ML.XlmRoberta.Encoder;

namespace Microsoft.ML.XlmRoberta.Cli.Commands;

/// <summary>Options of the commands that run the encoder, and how they become a loaded <see cref="XlmRobertaEncoder"/>.</summary>
internal sealed class EncoderOptions
{
    public CommonOptions Common { get; } = new();

    public Option<int> BatchSize { get; } = new("--batch-size", "-b")
    {
        Description = "Most texts per ONNX Runtime call (texts are sorted by length and bucketed by a token budget).",
        DefaultValueFactory = _ => 32,
    };

    public Option<int> Threads { get; } = new("--threads")
    {
        Description = "ONNX Runtime intra-op threads (0: ONNX Runtime's default, one per physical core).",
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
        command.Options.Add(BatchSize);
        command.Options.Add(Threads);
        command.Options.Add(Device);
        command.Options.Add(CpuFallback);
        command.Options.Add(OnnxFile);
        command.Options.Add(LongInput);
        BatchSize.AtLeast(1);
        Threads.AtLeast(0);
    }

    public XlmRobertaEncoder Load(ParseResult result, CliContext context, string fixtureTask)
    {
        string folder = ModelLocator.Resolve(result.GetValue(Common.Model), fixtureTask, context);
        var options = new XlmRobertaEncoderOptions
        {
            OnnxFile = result.GetValue(OnnxFile),
            IntraOpThreads = result.GetValue(Threads),
            ExecutionProvider = result.GetValue(Device),
            AllowCpuFallback = result.GetValue(CpuFallback),
            MaxBatchSize = result.GetValue(BatchSize),
            MaxSequenceLength = result.GetValue(Common.MaxLength),
            LongInputMode = result.GetValue(LongInput),
        };
        return ModelLoading.Load(() => XlmRobertaEncoder.Load(folder, options), folder);
    }

    /// <summary>Input problems that concern one line (too long, bad argument), not the model or a bug.</summary>
    public static bool IsInputError(Exception e) => e is ArgumentException or XlmRobertaInputTooLongException;
}

using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Engine;

namespace Microsoft.ML.XlmRoberta;

/// <summary>Options every XLM-R transform has: the model folder, the text column and the sequence length.</summary>
public abstract class XlmRobertaTransformOptions
{
    /// <summary>
    /// The Hugging Face model folder (<c>config.json</c>, <c>sentencepiece.bpe.model</c>, <c>onnx/model.onnx</c>).
    /// A saved pipeline records its full path (see <see cref="Persistence.XlmRobertaModelLocation"/>).
    /// </summary>
    public string ModelFolder { get; set; } = "";

    /// <summary>The text column (scalar <c>String</c>). Missing text (empty) is encoded as <c>&lt;s&gt; &lt;/s&gt;</c>, like <c>""</c>.</summary>
    public string InputColumnName { get; set; } = "Text";

    /// <summary>The longest token sequence, special tokens included; longer texts are truncated. Null: the model's limit.</summary>
    public int? MaxSequenceLength { get; set; }

    internal TaskConfig ToConfig(TaskKind task, string? pairColumn, string?[] outputNames)
    {
        Require(ModelFolder, nameof(ModelFolder));
        Require(InputColumnName, nameof(InputColumnName));
        if (MaxSequenceLength is int max)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 3, nameof(MaxSequenceLength));
        }

        var config = new TaskConfig
        {
            Task = task,
            ModelFolder = Path.GetFullPath(ModelFolder),
            MaxSequenceLength = MaxSequenceLength,
            InputColumn = InputColumnName,
            PairColumn = string.IsNullOrEmpty(pairColumn) ? null : pairColumn,
            OutputNames = outputNames,
        };
        return this is XlmRobertaInferenceOptions run ? run.Apply(config) : config;
    }

    internal static void Require(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{name} must be set.", name);
        }
    }
}

/// <summary>Options of the transforms that run the model: batching, threads and the execution provider.</summary>
public abstract class XlmRobertaInferenceOptions : XlmRobertaTransformOptions
{
    /// <summary>The most sequences in one ONNX Runtime call (default 32).</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>
    /// Rows a cursor reads ahead and hands to the engine at once (default 4096); the engine sorts them by length and
    /// runs them in batches of <see cref="BatchSize"/>. This window decides how much padding is wasted: on the
    /// fixture corpus 256 rows waste ~64% padding tokens, 1024 ~21%, 4096 ~5% (the core engine on all rows: 1.5%).
    /// Smaller values give the first row sooner and hold fewer rows (and their outputs) in memory.
    /// </summary>
    public int ReadAheadRows { get; set; } = 4096;

    /// <summary>ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose.</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>The execution provider (default CPU).</summary>
    public ExecutionProvider ExecutionProvider { get; set; } = ExecutionProvider.Cpu;

    /// <summary>Run on the CPU when <see cref="ExecutionProvider"/> is unavailable, instead of failing.</summary>
    public bool AllowCpuFallback { get; set; }

    /// <summary>The ONNX file inside the model folder; null: <c>onnx/model.onnx</c>.</summary>
    public string? OnnxFile { get; set; }

    internal TaskConfig Apply(TaskConfig config)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReadAheadRows, 1, nameof(ReadAheadRows));
        ArgumentOutOfRangeException.ThrowIfNegative(IntraOpThreads, nameof(IntraOpThreads));
        return config with
        {
            BatchSize = BatchSize,
            ReadAheadRows = ReadAheadRows,
            IntraOpThreads = IntraOpThreads,
            ExecutionProvider = ExecutionProvider,
            AllowCpuFallback = AllowCpuFallback,
            OnnxFile = OnnxFile,
        };
    }
}

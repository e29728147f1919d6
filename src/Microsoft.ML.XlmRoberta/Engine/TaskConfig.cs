using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Pooling;

namespace Microsoft.ML.XlmRoberta.Engine;

/// <summary>
/// Everything that defines one transformer: task, model, run settings and column names. It is what a saved model
/// keeps (as base64 JSON, see <see cref="Persistence.PersistedChainBuilder"/>), so it must stay plain data.
/// </summary>
internal sealed record TaskConfig
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    public TaskKind Task { get; init; }

    public string ModelFolder { get; init; } = "";

    public string? OnnxFile { get; init; }

    public int? MaxSequenceLength { get; init; }

    public int BatchSize { get; init; } = 32;

    public int ReadAheadRows { get; init; } = 4096;

    public int IntraOpThreads { get; init; }

    public ExecutionProvider ExecutionProvider { get; init; }

    public bool AllowCpuFallback { get; init; }

    public PoolingMode Pooling { get; init; } = PoolingMode.Mean;

    public bool Normalize { get; init; }

    public string InputColumn { get; init; } = "";

    public string? PairColumn { get; init; }

    /// <summary>Per output role of the task, the user's column name, or null when the output is off.</summary>
    public string?[] OutputNames { get; init; } = [];

    /// <summary>The settings that identify a loaded engine (the model and how it runs), without column names.</summary>
    [JsonIgnore]
    public string EngineKey =>
        $"{Task}|{Path.GetFullPath(ModelFolder)}|{OnnxFile}|{MaxSequenceLength}|{BatchSize}|{IntraOpThreads}|{ExecutionProvider}|{AllowCpuFallback}";

    public XlmRobertaEncoderOptions ToEncoderOptions() => new()
    {
        OnnxFile = OnnxFile,
        MaxSequenceLength = MaxSequenceLength,
        MaxBatchSize = BatchSize,
        IntraOpThreads = IntraOpThreads,
        ExecutionProvider = ExecutionProvider,
        AllowCpuFallback = AllowCpuFallback,
    };

    /// <summary>The configuration as base64 JSON (only <c>[A-Za-z0-9+/=]</c>, safe in an expression string literal).</summary>
    public string Encode() => Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(this, Json)));

    /// <summary>Reads <see cref="Encode"/>'s output.</summary>
    public static TaskConfig Decode(string encoded)
    {
        try
        {
            return JsonSerializer.Deserialize<TaskConfig>(Encoding.UTF8.GetString(Convert.FromBase64String(encoded)), Json)
                ?? throw new FormatException("The configuration is null.");
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            throw new XlmRobertaException($"A saved XLM-R transform has an unreadable configuration: {e.Message}", e);
        }
    }
}

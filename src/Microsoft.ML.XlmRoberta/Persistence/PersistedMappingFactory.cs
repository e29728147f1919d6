using System.Collections.Concurrent;
using Microsoft.ML.Transforms;
using Microsoft.ML.XlmRoberta.DataView;
using Microsoft.ML.XlmRoberta.Engine;

namespace Microsoft.ML.XlmRoberta.Persistence;

/// <summary>A row of computed values a saved transform's mapping writes (one class per task and vector size).</summary>
internal interface IPersistedRow
{
    /// <summary>Copies row 0 of <paramref name="values"/> (all roles of the task) into the fields.</summary>
    void Fill(BatchValues values);
}

/// <summary>
/// The mapping ML.NET recreates when a saved model is loaded: it reads the configuration column, gets the task
/// (loaded once per configuration, model folder passed through <see cref="XlmRobertaModelLocation"/>) and maps one
/// row.
/// </summary>
internal abstract class PersistedMappingFactory<TDst> : CustomMappingFactory<PersistedInput, TDst>
    where TDst : class, IPersistedRow, new()
{
    private static readonly ConcurrentDictionary<string, TaskConfig> Configs = new();

    public override Action<PersistedInput, TDst> GetMapping() => Map;

    /// <summary>The task of a saved configuration.</summary>
    internal static XlmRobertaTask Resolve(string encoded)
    {
        TaskConfig config = Configs.GetOrAdd(encoded, static e =>
        {
            TaskConfig saved = TaskConfig.Decode(e);
            return saved with { ModelFolder = XlmRobertaModelLocation.Apply(saved.ModelFolder) };
        });
        return EngineCache.GetTask(config);
    }

    private static void Map(PersistedInput input, TDst output)
    {
        XlmRobertaTask task = Resolve(input.Config);
        var values = new BatchValues(task.Outputs, 1);
        var active = new bool[task.Outputs.Count];
        Array.Fill(active, true);
        string[]? pairs = task.Config.PairColumn is null ? null : [input.Pair ?? ""];
        task.Compute([input.Text ?? ""], pairs, 1, active, values);
        output.Fill(values);
    }
}

using System.Collections.Concurrent;
using Microsoft.ML.XlmRoberta.Classification;
using Microsoft.ML.XlmRoberta.Embeddings;
using Microsoft.ML.XlmRoberta.Tokenization;

namespace Microsoft.ML.XlmRoberta.Engine;

/// <summary>
/// Loaded tasks, one per configuration, for the life of the process: the transformers of a pipeline, its copies and
/// a model loaded from disk share one ONNX Runtime session per model and settings. Thread-safe.
/// </summary>
internal static class EngineCache
{
    private static readonly ConcurrentDictionary<string, Lazy<object>> Engines = new();
    private static readonly ConcurrentDictionary<string, Lazy<XlmRobertaTask>> Tasks = new();

    /// <summary>The task for a configuration, built on first use.</summary>
    public static XlmRobertaTask GetTask(TaskConfig config)
    {
        string key = config.Encode();
        Lazy<XlmRobertaTask> lazy = Tasks.GetOrAdd(key, _ => new Lazy<XlmRobertaTask>(() => Build(config)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            Tasks.TryRemove(new KeyValuePair<string, Lazy<XlmRobertaTask>>(key, lazy));
            throw;
        }
    }

    /// <summary>A shared engine object (encoder, tokenizer) for <paramref name="key"/>, created once.</summary>
    public static T GetEngine<T>(string key, Func<T> create)
        where T : class
    {
        Lazy<object> lazy = Engines.GetOrAdd(key, _ => new Lazy<object>(create));
        try
        {
            return (T)lazy.Value;
        }
        catch
        {
            Engines.TryRemove(new KeyValuePair<string, Lazy<object>>(key, lazy));
            throw;
        }
    }

    private static XlmRobertaTask Build(TaskConfig config) => config.Task switch
    {
        TaskKind.Tokenize => new TokenizationTask(config),
        TaskKind.Embeddings => new EmbeddingsTask(config),
        TaskKind.SequenceClassification => new SequenceClassificationTask(config),
        TaskKind.TokenClassification => new TokenClassificationTask(config),
        _ => throw new ArgumentOutOfRangeException(nameof(config), config.Task, "Unknown task."),
    };
}

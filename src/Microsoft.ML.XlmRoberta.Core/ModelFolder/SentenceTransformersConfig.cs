using System.Text.Json;
using Microsoft.ML.XlmRoberta.Pooling;

namespace Microsoft.ML.XlmRoberta.ModelFolder;

/// <summary>
/// The sentence-transformers files of a model folder: <c>modules.json</c> (which modules run after the transformer),
/// the pooling module's <c>config.json</c> (e.g. <c>1_Pooling/config.json</c>), whether a <c>Normalize</c> module
/// follows, <c>sentence_bert_config.json</c> (<c>max_seq_length</c>) and <c>config_sentence_transformers.json</c>
/// (<c>prompts</c>, <c>default_prompt_name</c>).
/// </summary>
public sealed class SentenceTransformersConfig
{
    /// <summary>The file whose presence makes a folder a sentence-transformers folder.</summary>
    public const string ModulesFile = "modules.json";

    private const string ModulePrefix = "sentence_transformers.models.";

    private SentenceTransformersConfig(PoolingMode pooling, bool normalize, int? maxSequenceLength, IReadOnlyDictionary<string, string> prompts, string? defaultPromptName)
    {
        Pooling = pooling;
        Normalize = normalize;
        MaxSequenceLength = maxSequenceLength;
        Prompts = prompts;
        DefaultPromptName = defaultPromptName;
    }

    /// <summary>The pooling of the <c>Pooling</c> module.</summary>
    public PoolingMode Pooling { get; }

    /// <summary>Whether a <c>Normalize</c> module L2-normalizes the pooled vector.</summary>
    public bool Normalize { get; }

    /// <summary><c>max_seq_length</c> of <c>sentence_bert_config.json</c> (special tokens included), when given.</summary>
    public int? MaxSequenceLength { get; }

    /// <summary>The prompts of <c>config_sentence_transformers.json</c> by name (e.g. <c>query</c> → <c>"query: "</c>).</summary>
    public IReadOnlyDictionary<string, string> Prompts { get; }

    /// <summary><c>default_prompt_name</c> of <c>config_sentence_transformers.json</c>, when given.</summary>
    public string? DefaultPromptName { get; }

    /// <summary>Reads the sentence-transformers files of <paramref name="folder"/>; <see langword="null"/> when it has no <c>modules.json</c>.</summary>
    /// <param name="folder">The model folder (absolute).</param>
    /// <exception cref="XlmRobertaModelException">A file is malformed, or a module cannot be reproduced (e.g. <c>Dense</c>).</exception>
    public static SentenceTransformersConfig? Load(string folder)
    {
        string modulesPath = Path.Combine(folder, ModulesFile);
        if (!File.Exists(modulesPath))
        {
            return null;
        }

        string? poolingFolder = null;
        bool normalize = false;
        using (JsonDocument modules = Parse(modulesPath))
        {
            Require(modules.RootElement.ValueKind == JsonValueKind.Array, modulesPath, ModulesFile, "the JSON root must be an array of modules");
            foreach (JsonElement module in modules.RootElement.EnumerateArray())
            {
                string type = Text(module, "type", modulesPath) ?? string.Empty;
                string kind = type.StartsWith(ModulePrefix, StringComparison.Ordinal) ? type[ModulePrefix.Length..] : type;
                switch (kind)
                {
                    case "Transformer":
                        break;
                    case "Pooling":
                        poolingFolder = Text(module, "path", modulesPath) ?? string.Empty;
                        break;
                    case "Normalize":
                        normalize = true;
                        break;
                    default:
                        throw new XlmRobertaModelException(
                            $"'{modulesPath}': the module '{type}' is not supported (only Transformer, Pooling and Normalize are).", modulesPath, "type");
                }
            }
        }

        Require(poolingFolder is not null, modulesPath, ModulesFile, "there is no sentence_transformers.models.Pooling module");
        PoolingMode pooling = ReadPooling(Path.Combine(folder, poolingFolder!, "config.json"));
        int? maxLength = ReadMaxLength(Path.Combine(folder, "sentence_bert_config.json"));
        (Dictionary<string, string> prompts, string? defaultPrompt) = ReadPrompts(Path.Combine(folder, "config_sentence_transformers.json"));
        return new SentenceTransformersConfig(pooling, normalize, maxLength, prompts, defaultPrompt);
    }

    /// <summary>The prefix of the prompt <paramref name="name"/>.</summary>
    /// <param name="name">A prompt name of <see cref="Prompts"/>.</param>
    /// <exception cref="ArgumentException">The folder defines no such prompt.</exception>
    public string Prompt(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Prompts.TryGetValue(name, out string? prefix)
            ? prefix
            : throw new ArgumentException(
                $"The model folder defines no prompt '{name}' (config_sentence_transformers.json has: {(Prompts.Count == 0 ? "none" : string.Join(", ", Prompts.Keys))}).", nameof(name));
    }

    private static PoolingMode ReadPooling(string path)
    {
        Require(File.Exists(path), path, "config.json", "the Pooling module's config.json does not exist");
        using JsonDocument document = Parse(path);
        JsonElement root = document.RootElement;
        Require(root.ValueKind == JsonValueKind.Object, path, "config.json", "the JSON root must be an object");
        PoolingMode? mode = null;
        int chosen = 0;
        foreach (JsonProperty p in root.EnumerateObject())
        {
            if (!p.Name.StartsWith("pooling_mode_", StringComparison.Ordinal) || p.Value.ValueKind != JsonValueKind.True)
            {
                continue;
            }

            chosen++;
            mode = p.Name switch
            {
                "pooling_mode_cls_token" => PoolingMode.Cls,
                "pooling_mode_mean_tokens" => PoolingMode.Mean,
                "pooling_mode_max_tokens" => PoolingMode.Max,
                _ => throw new XlmRobertaModelException($"'{path}': {p.Name} is not supported (cls, mean and max are).", path, p.Name),
            };
        }

        Require(chosen == 1, path, "pooling_mode", $"exactly one pooling_mode_* must be true, not {chosen} (concatenated poolings are not supported)");
        return mode!.Value;
    }

    private static int? ReadMaxLength(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using JsonDocument document = Parse(path);
        if (!document.RootElement.TryGetProperty("max_seq_length", out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        Require(value.TryGetInt32(out int length) && length >= 3, path, "max_seq_length", $"max_seq_length must be an integer of at least 3, not {value.GetRawText()}");
        return length;
    }

    private static (Dictionary<string, string> Prompts, string? DefaultName) ReadPrompts(string path)
    {
        var prompts = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return (prompts, null);
        }

        using JsonDocument document = Parse(path);
        JsonElement root = document.RootElement;
        if (root.TryGetProperty("prompts", out JsonElement map) && map.ValueKind != JsonValueKind.Null)
        {
            Require(map.ValueKind == JsonValueKind.Object, path, "prompts", "prompts must be an object of name → prefix");
            foreach (JsonProperty p in map.EnumerateObject())
            {
                Require(p.Value.ValueKind == JsonValueKind.String, path, "prompts", $"prompts[\"{p.Name}\"] must be a string");
                prompts[p.Name] = p.Value.GetString()!;
            }
        }

        string? defaultName = Text(root, "default_prompt_name", path);
        Require(defaultName is null || prompts.ContainsKey(defaultName), path, "default_prompt_name", $"default_prompt_name '{defaultName}' is not one of the prompts");
        return (prompts, defaultName);
    }

    private static string? Text(JsonElement element, string key, string path)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(key, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        Require(value.ValueKind == JsonValueKind.String, path, key, $"{key} must be a string");
        return value.GetString();
    }

    private static JsonDocument Parse(string path) => XlmRobertaConfig.ParseJson(path);

    private static void Require(bool condition, string path, string key, string problem) =>
        XlmRobertaConfig.Require(condition, path, key, problem);
}

using System.Text.Json;

namespace Microsoft.ML.XlmRoberta.ModelFolder;

/// <summary>The parts of a Hugging Face <c>config.json</c> that the runtime needs.</summary>
public sealed class XlmRobertaConfig
{
    private XlmRobertaConfig(
        string path, string? modelType, IReadOnlyList<string> architectures, int hiddenSize,
        int maxPositionEmbeddings, int padTokenId, int? vocabularySize, IReadOnlyList<string> labels)
    {
        Path = path;
        ModelType = modelType;
        Architectures = architectures;
        HiddenSize = hiddenSize;
        MaxPositionEmbeddings = maxPositionEmbeddings;
        PadTokenId = padTokenId;
        VocabularySize = vocabularySize;
        Labels = labels;
    }

    /// <summary>The <c>config.json</c> file this configuration was read from.</summary>
    public string Path { get; }

    /// <summary><c>model_type</c>, e.g. <c>xlm-roberta</c>.</summary>
    public string? ModelType { get; }

    /// <summary><c>architectures</c>, e.g. <c>XLMRobertaForTokenClassification</c>; empty when absent.</summary>
    public IReadOnlyList<string> Architectures { get; }

    /// <summary><c>hidden_size</c>.</summary>
    public int HiddenSize { get; }

    /// <summary><c>max_position_embeddings</c> (514 for XLM-R).</summary>
    public int MaxPositionEmbeddings { get; }

    /// <summary><c>pad_token_id</c> (1 for XLM-R).</summary>
    public int PadTokenId { get; }

    /// <summary><c>vocab_size</c>, when present.</summary>
    public int? VocabularySize { get; }

    /// <summary>The labels of <c>id2label</c>, indexed by id; empty for models without a classification head.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>
    /// The longest sequence, special tokens included, that the position embeddings can encode:
    /// <c>max_position_embeddings - pad_token_id - 1</c> (512 for XLM-R), because positions start after the pad id.
    /// </summary>
    public int MaxSequenceLength => MaxPositionEmbeddings - PadTokenId - 1;

    /// <summary>Reads and validates a <c>config.json</c>.</summary>
    /// <param name="path">The <c>config.json</c> file.</param>
    /// <exception cref="XlmRobertaModelException">
    /// The file is missing, unreadable or not JSON, a required key is missing, or a key has the wrong JSON type or an
    /// unusable value; <see cref="XlmRobertaModelException.Field"/> names the key.
    /// </exception>
    public static XlmRobertaConfig Load(string path)
    {
        string file = System.IO.Path.GetFileName(path);
        if (Directory.Exists(path))
        {
            throw new XlmRobertaModelException($"'{path}' is a folder, not a file.", path, file);
        }

        if (!File.Exists(path))
        {
            throw new XlmRobertaModelException($"The model folder has no config.json: '{path}' does not exist.", path, file);
        }

        using (JsonDocument document = ParseJson(path))
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new XlmRobertaModelException($"'{path}' must hold a JSON object, not {Describe(root)}.", path, file);
            }

            int hidden = ReadInt(root, "hidden_size", path, required: true)!.Value;
            int maxPositions = ReadInt(root, "max_position_embeddings", path, required: true)!.Value;
            int pad = ReadInt(root, "pad_token_id", path, required: false) ?? 1;
            int? vocabulary = ReadInt(root, "vocab_size", path, required: false);
            Require(hidden > 0, path, "hidden_size", $"hidden_size {hidden} must be positive");
            Require(pad >= 0, path, "pad_token_id", $"pad_token_id {pad} must not be negative");
            Require(maxPositions > pad + 1, path, "max_position_embeddings",
                $"max_position_embeddings {maxPositions} leaves no positions after pad_token_id {pad}");
            Require(vocabulary is null or > 0, path, "vocab_size", $"vocab_size {vocabulary} must be positive");
            return new XlmRobertaConfig(
                path, ReadModelType(root, path), ReadArchitectures(root, path), hidden, maxPositions, pad, vocabulary, ReadLabels(root, path));
        }
    }

    /// <summary>
    /// A hint for error messages when <c>architectures</c> names a task other than <paramref name="headTask"/> (e.g.
    /// " '…/config.json' names the architecture XLMRobertaForMaskedLM, a fill-mask model."), else an empty string.
    /// </summary>
    /// <param name="headTask">The task of the head being built, in Hugging Face pipeline terms (e.g. fill-mask).</param>
    internal string TaskHint(string headTask)
    {
        foreach (string architecture in Architectures)
        {
            string? task = architecture switch
            {
                _ when architecture.EndsWith("ForMaskedLM", StringComparison.Ordinal) => "fill-mask",
                _ when architecture.EndsWith("ForSequenceClassification", StringComparison.Ordinal) => "text-classification",
                _ when architecture.EndsWith("ForTokenClassification", StringComparison.Ordinal) => "token-classification",
                _ when architecture.EndsWith("ForQuestionAnswering", StringComparison.Ordinal) => "question-answering",
                _ when architecture.EndsWith("ForMultipleChoice", StringComparison.Ordinal) => "multiple-choice",
                _ when architecture.EndsWith("ForCausalLM", StringComparison.Ordinal) => "text-generation",
                _ when architecture.EndsWith("Model", StringComparison.Ordinal) => "feature-extraction",
                _ => null,
            };
            if (task == headTask)
            {
                return string.Empty;
            }

            if (task is not null)
            {
                return $" '{Path}' names the architecture {architecture}, a {task} model.";
            }
        }

        return string.Empty;
    }

    private static string? ReadModelType(JsonElement root, string path)
    {
        if (!root.TryGetProperty("model_type", out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        Require(value.ValueKind == JsonValueKind.String, path, "model_type", $"model_type must be a string, not {Describe(value)}");
        return value.GetString();
    }

    private static string[] ReadArchitectures(JsonElement root, string path)
    {
        if (!root.TryGetProperty("architectures", out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        Require(value.ValueKind == JsonValueKind.Array, path, "architectures", $"architectures must be an array of strings, not {Describe(value)}");
        var architectures = new string[value.GetArrayLength()];
        int i = 0;
        foreach (JsonElement a in value.EnumerateArray())
        {
            Require(a.ValueKind == JsonValueKind.String, path, "architectures", $"architectures[{i}] must be a string, not {Describe(a)}");
            architectures[i++] = a.GetString()!;
        }

        return architectures;
    }

    private static string[] ReadLabels(JsonElement root, string path)
    {
        if (!root.TryGetProperty("id2label", out JsonElement map) || map.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        Require(map.ValueKind == JsonValueKind.Object, path, "id2label", $"id2label must be an object of id → label, not {Describe(map)}");
        var byId = new SortedDictionary<int, string>();
        foreach (JsonProperty p in map.EnumerateObject())
        {
            Require(
                int.TryParse(p.Name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int id),
                path, "id2label", $"id2label key '{p.Name}' is not a label id");
            Require(!byId.ContainsKey(id), path, "id2label", $"id2label gives label id {id} twice");
            Require(p.Value.ValueKind == JsonValueKind.String, path, "id2label", $"id2label[\"{p.Name}\"] must be a string, not {Describe(p.Value)}");
            byId[id] = p.Value.GetString()!;
        }

        var labels = new string[byId.Count];
        int expected = 0;
        foreach (KeyValuePair<int, string> pair in byId)
        {
            Require(pair.Key == expected, path, "id2label", $"id2label lacks label id {expected}");
            labels[expected++] = pair.Value;
        }

        return labels;
    }

    private static int? ReadInt(JsonElement root, string key, string path, bool required)
    {
        if (!root.TryGetProperty(key, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            Require(!required, path, key, $"the required key '{key}' is missing");
            return null;
        }

        Require(value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _), path, key, $"{key} must be an integer, not {Describe(value)}");
        return value.GetInt32();
    }

    /// <summary>Parses a JSON file of the model folder; an unreadable or malformed file is a model error naming it.</summary>
    internal static JsonDocument ParseJson(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new XlmRobertaModelException($"'{path}' is not valid JSON: {e.Message}", path, System.IO.Path.GetFileName(path), e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new XlmRobertaModelException($"'{path}' cannot be read: {e.Message}", path, System.IO.Path.GetFileName(path), e);
        }
    }

    /// <summary>Throws a model error for <paramref name="key"/> of <paramref name="path"/> unless <paramref name="condition"/> holds.</summary>
    internal static void Require(bool condition, string path, string key, string problem)
    {
        if (!condition)
        {
            throw new XlmRobertaModelException($"'{path}': {problem}.", path, key);
        }
    }

    private static string Describe(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return "null";
        }

        string raw = value.GetRawText();
        string kind = value.ValueKind switch
        {
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "the number",
            JsonValueKind.Array => "an array",
            JsonValueKind.Object => "an object",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "the value",
        };
        return $"{kind} {(raw.Length > 40 ? raw[..40] + "…" : raw)}";
    }
}

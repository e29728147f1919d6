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
    /// <exception cref="XlmRobertaModelException">The file is missing, is not JSON, or lacks a required key.</exception>
    public static XlmRobertaConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new XlmRobertaModelException($"The model folder has no config.json: '{path}' does not exist.", path);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new XlmRobertaModelException($"'{path}' is not valid JSON: {e.Message}", path, e);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new XlmRobertaModelException($"'{path}' must hold a JSON object.", path);
            }

            int hidden = RequiredInt(root, "hidden_size", path);
            int maxPositions = RequiredInt(root, "max_position_embeddings", path);
            int pad = OptionalInt(root, "pad_token_id") ?? 1;
            if (hidden <= 0 || maxPositions <= pad + 1)
            {
                throw new XlmRobertaModelException(
                    $"'{path}': hidden_size {hidden} and max_position_embeddings {maxPositions} (pad_token_id {pad}) are not usable.", path);
            }

            string? modelType = root.TryGetProperty("model_type", out JsonElement mt) && mt.ValueKind == JsonValueKind.String
                ? mt.GetString() : null;
            var architectures = new List<string>();
            if (root.TryGetProperty("architectures", out JsonElement arch) && arch.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement a in arch.EnumerateArray())
                {
                    architectures.Add(a.GetString() ?? string.Empty);
                }
            }

            return new XlmRobertaConfig(
                path, modelType, architectures, hidden, maxPositions, pad, OptionalInt(root, "vocab_size"), ReadLabels(root, path));
        }
    }

    private static string[] ReadLabels(JsonElement root, string path)
    {
        if (!root.TryGetProperty("id2label", out JsonElement map) || map.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        var byId = new SortedDictionary<int, string>();
        foreach (JsonProperty p in map.EnumerateObject())
        {
            if (!int.TryParse(p.Name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int id))
            {
                throw new XlmRobertaModelException($"'{path}': id2label key '{p.Name}' is not a label id.", path);
            }

            byId[id] = p.Value.GetString() ?? string.Empty;
        }

        var labels = new string[byId.Count];
        int expected = 0;
        foreach (KeyValuePair<int, string> pair in byId)
        {
            if (pair.Key != expected)
            {
                throw new XlmRobertaModelException($"'{path}': id2label lacks label id {expected}.", path);
            }

            labels[expected++] = pair.Value;
        }

        return labels;
    }

    private static int RequiredInt(JsonElement root, string key, string path) =>
        OptionalInt(root, key) ?? throw new XlmRobertaModelException($"'{path}' has no integer '{key}'.", path);

    private static int? OptionalInt(JsonElement root, string key) =>
        root.TryGetProperty(key, out JsonElement e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out int v) ? v : null;
}

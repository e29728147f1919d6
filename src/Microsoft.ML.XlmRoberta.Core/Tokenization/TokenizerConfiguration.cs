using System.Text.Json;

namespace Microsoft.ML.XlmRoberta.Tokenization;

/// <summary>A special token's text and Hugging Face AddedToken strip flags.</summary>
/// <param name="Content">The token text.</param>
/// <param name="LStrip">AddedToken lstrip; null when the file gives a plain string.</param>
/// <param name="RStrip">AddedToken rstrip; null when the file gives a plain string.</param>
internal readonly record struct SpecialTokenSetting(string Content, bool? LStrip, bool? RStrip);

/// <summary>
/// The parts of <c>tokenizer_config.json</c> and <c>special_tokens_map.json</c> that the slow XLM-R tokenizer honours:
/// the special tokens (plain strings or AddedToken objects) and <c>model_max_length</c>. Values in
/// <c>special_tokens_map.json</c> override those in <c>tokenizer_config.json</c>, as in <c>from_pretrained</c>.
/// </summary>
internal sealed class TokenizerConfiguration
{
    /// <summary>Hugging Face's <c>VERY_LARGE_INTEGER</c>, used when no <c>model_max_length</c> is given.</summary>
    public const int NoMaxLength = int.MaxValue;

    public static readonly string[] SpecialTokenKeys =
        ["bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token"];

    public Dictionary<string, SpecialTokenSetting> SpecialTokens { get; } = new()
    {
        ["bos_token"] = new("<s>", null, null),
        ["eos_token"] = new("</s>", null, null),
        ["unk_token"] = new("<unk>", null, null),
        ["sep_token"] = new("</s>", null, null),
        ["pad_token"] = new("<pad>", null, null),
        ["cls_token"] = new("<s>", null, null),
        ["mask_token"] = new("<mask>", true, false),
    };

    public List<SpecialTokenSetting> AdditionalSpecialTokens { get; } = [];

    public int ModelMaxLength { get; private set; } = NoMaxLength;

    /// <summary>Reads the files of <paramref name="folder"/> that exist; returns the defaults otherwise.</summary>
    public static TokenizerConfiguration Load(string folder)
    {
        var config = new TokenizerConfiguration();
        config.ReadFile(Path.Combine(folder, "tokenizer_config.json"), allowMaxLength: true);
        config.ReadFile(Path.Combine(folder, "special_tokens_map.json"), allowMaxLength: false);
        return config;
    }

    /// <summary>Reads the contents of <c>tokenizer_config.json</c> and <c>special_tokens_map.json</c> given as streams (either may be null).</summary>
    public static TokenizerConfiguration Load(Stream? tokenizerConfig, Stream? specialTokensMap)
    {
        var config = new TokenizerConfiguration();
        if (tokenizerConfig is not null)
        {
            config.Read("tokenizer_config.json", StreamBytes.ReadAll(tokenizerConfig, "tokenizer_config.json"), allowMaxLength: true);
        }

        if (specialTokensMap is not null)
        {
            config.Read("special_tokens_map.json", StreamBytes.ReadAll(specialTokensMap, "special_tokens_map.json"), allowMaxLength: false);
        }

        return config;
    }

    private void ReadFile(string path, bool allowMaxLength)
    {
        if (!File.Exists(path))
        {
            return;
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            throw new SentencePieceModelException(path, e.Message, e);
        }

        Read(path, bytes, allowMaxLength);
    }

    private void Read(string path, byte[] bytes, bool allowMaxLength)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(bytes);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new SentencePieceModelException(path, "the JSON root is not an object");
            }

            foreach (string key in SpecialTokenKeys)
            {
                if (root.TryGetProperty(key, out JsonElement value) && value.ValueKind != JsonValueKind.Null)
                {
                    SpecialTokenSetting setting = ReadToken(path, key, value);

                    // XLMRobertaTokenizer always makes the mask token an AddedToken with lstrip=True.
                    SpecialTokens[key] = key == "mask_token" && setting.LStrip is null ? setting with { LStrip = true, RStrip = false } : setting;
                }
            }

            if (root.TryGetProperty("additional_special_tokens", out JsonElement additional) && additional.ValueKind == JsonValueKind.Array)
            {
                AdditionalSpecialTokens.Clear();
                foreach (JsonElement item in additional.EnumerateArray())
                {
                    AdditionalSpecialTokens.Add(ReadToken(path, "additional_special_tokens", item));
                }
            }

            if (allowMaxLength && root.TryGetProperty("model_max_length", out JsonElement maxLength) && maxLength.ValueKind == JsonValueKind.Number)
            {
                ModelMaxLength = maxLength.TryGetInt32(out int m) && m > 0 ? m : NoMaxLength;
            }
        }
        catch (JsonException e)
        {
            throw new SentencePieceModelException(path, $"invalid JSON: {e.Message}", e);
        }
    }

    private static SpecialTokenSetting ReadToken(string path, string key, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return new SpecialTokenSetting(value.GetString()!, null, null);
        }

        if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("content", out JsonElement content) && content.ValueKind == JsonValueKind.String)
        {
            bool lstrip = value.TryGetProperty("lstrip", out JsonElement l) && l.ValueKind == JsonValueKind.True;
            bool rstrip = value.TryGetProperty("rstrip", out JsonElement r) && r.ValueKind == JsonValueKind.True;
            return new SpecialTokenSetting(content.GetString()!, lstrip, rstrip);
        }

        throw new SentencePieceModelException(path, $"'{key}' is neither a string nor an AddedToken object with a 'content' string");
    }
}

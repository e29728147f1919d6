using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.ML.XlmRoberta.Tokenization.Normalization;
using Microsoft.ML.XlmRoberta.Tokenization.SentencePiece;

namespace Microsoft.ML.XlmRoberta.Tokenization.TokenizerJson;

/// <summary>An entry of <c>added_tokens</c>.</summary>
internal readonly record struct AddedTokenEntry(int Id, string Content, bool LStrip, bool RStrip, bool Special);

/// <summary>
/// The parts of a Hugging Face <c>tokenizer.json</c> that a SentencePiece-converted Unigram tokenizer (XLM-R,
/// multilingual-e5, bge-m3, ...) uses: the Unigram vocabulary with scores and <c>unk_id</c>; the normalizer
/// (<c>Precompiled</c>, <c>Replace(" {2,}", " ")</c>, or a <c>Sequence</c> of them); the Metaspace pre-tokenizer; the
/// <c>TemplateProcessing</c>/<c>RobertaProcessing</c> post-processor (<c>&lt;s&gt; $A &lt;/s&gt;</c>, pairs
/// <c>&lt;s&gt; $A &lt;/s&gt; &lt;/s&gt; $B &lt;/s&gt;</c>); and the added tokens. Anything else is refused with a
/// <see cref="SentencePieceModelException"/> rather than tokenized differently.
/// </summary>
internal sealed class TokenizerJsonModel
{
    /// <summary>The file name in a Hugging Face model folder.</summary>
    public const string FileName = "tokenizer.json";

    /// <summary>The properties of <c>model</c> other than <c>vocab</c>.</summary>
    private Dictionary<string, JsonElement> _modelProperties = [];

    private TokenizerJsonModel()
    {
    }

    /// <summary>The vocabulary, indexed by id (added tokens beyond the model vocabulary appended at their ids).</summary>
    public Vocabulary Vocabulary { get; private set; } = null!;

    /// <summary>The encoder (normalizer + Unigram model) over the model vocabulary.</summary>
    public SentencePieceEncoder Encoder { get; private set; } = null!;

    /// <summary>The added tokens, split out of the text before normalization.</summary>
    public List<AddedTokenEntry> AddedTokens { get; } = [];

    /// <summary>The id the post-processor puts first.</summary>
    public int ClsId { get; private set; }

    /// <summary>The id the post-processor puts after each sequence.</summary>
    public int SepId { get; private set; }

    /// <summary>Parses <paramref name="bytes"/>; <paramref name="name"/> names the file in errors.</summary>
    /// <exception cref="SentencePieceModelException">Malformed JSON or a component this loader does not reproduce.</exception>
    public static TokenizerJsonModel Load(byte[] bytes, string name)
    {
        var documents = new List<JsonDocument>();
        try
        {
            // One streaming pass: the vocabulary (most of the file) is read straight into key bytes and scores; every
            // other part becomes a small document.
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 256 });
            var model = new TokenizerJsonModel();
            Dictionary<string, JsonElement> root = ReadObject(ref reader, documents, model, isModel: false);
            model.Read(root);
            return model;
        }
        catch (JsonException e)
        {
            throw new SentencePieceModelException(name, $"invalid JSON: {e.Message}", e);
        }
        catch (FormatException e)
        {
            throw new SentencePieceModelException(name, e.Message, e);
        }
        catch (InvalidOperationException e)
        {
            throw new SentencePieceModelException(name, $"unexpected JSON value: {e.Message}", e);
        }
        catch (KeyNotFoundException e)
        {
            throw new SentencePieceModelException(name, $"missing JSON property: {e.Message}", e);
        }
        finally
        {
            foreach (JsonDocument document in documents)
            {
                document.Dispose();
            }
        }
    }

    /// <summary>The pieces' UTF-8 spellings and scores, as read from <c>model.vocab</c>.</summary>
    private PieceKeys Keys { get; set; }

    private double[] Scores { get; set; } = [];

    /// <summary>
    /// Reads the object at <paramref name="reader"/> into its properties (each its own document, kept in
    /// <paramref name="documents"/>; a repeated name keeps the last); in the model object, <c>vocab</c> is streamed into
    /// <see cref="Keys"/> and <see cref="Scores"/> instead.
    /// </summary>
    private static Dictionary<string, JsonElement> ReadObject(ref Utf8JsonReader reader, List<JsonDocument> documents, TokenizerJsonModel model, bool isModel)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException(isModel ? "the model is not a JSON object" : "the file is not a JSON object");
        }

        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string name = reader.GetString()!;
            if (!isModel && name == "model")
            {
                Dictionary<string, JsonElement> inner = ReadObject(ref reader, documents, model, isModel: true);
                properties[name] = default;
                model._modelProperties = inner;
                continue;
            }

            if (isModel && name == "vocab")
            {
                reader.Read();
                model.ReadVocabulary(ref reader);
                properties[name] = default;
                continue;
            }

            JsonDocument document = JsonDocument.ParseValue(ref reader);
            documents.Add(document);
            properties[name] = document.RootElement;
        }

        return properties;
    }

    /// <summary>Streams the <c>[[piece, score], ...]</c> array at <paramref name="reader"/>.</summary>
    private void ReadVocabulary(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new FormatException("the Unigram vocab is not an array");
        }

        var bytes = new byte[1 << 20];
        var starts = new int[1 << 14];
        var scores = new double[1 << 14];
        int count = 0;
        int used = 0;
        Span<char> number = stackalloc char[64];
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartArray || !reader.Read() || reader.TokenType != JsonTokenType.String)
            {
                throw new FormatException($"vocabulary entry {count} has no piece");
            }

            // The piece, unescaped, as UTF-8 (Utf8JsonReader has validated it).
            int length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
            if (used + length > bytes.Length)
            {
                Array.Resize(ref bytes, Math.Max(bytes.Length * 2, used + length));
            }

            if (count + 2 > starts.Length)
            {
                Array.Resize(ref starts, starts.Length * 2);
                Array.Resize(ref scores, scores.Length * 2);
            }

            starts[count] = used;
            used += reader.CopyString(bytes.AsSpan(used));
            if (!reader.Read() || reader.TokenType != JsonTokenType.Number)
            {
                throw new FormatException($"vocabulary entry {count} has no score");
            }

            // The score exactly as Rust reads it, from the number's own digits (ASCII).
            ReadOnlySpan<byte> digits = reader.ValueSpan;
            if (digits.Length > number.Length)
            {
                throw new FormatException($"vocabulary entry {count} has a score of {digits.Length} characters");
            }

            for (int k = 0; k < digits.Length; k++)
            {
                number[k] = (char)digits[k];
            }

            scores[count] = RustJsonFloat.Parse(number.Slice(0, digits.Length));
            count++;
            if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
            {
                throw new FormatException($"vocabulary entry {count - 1} is not [piece, score]");
            }
        }

        starts[count] = used;
        Array.Resize(ref starts, count + 1);
        Array.Resize(ref scores, count);
        Array.Resize(ref bytes, used);
        Keys = new PieceKeys(bytes, starts);
        Scores = scores;
    }

    private static JsonElement Property(Dictionary<string, JsonElement> properties, string name) =>
        properties.TryGetValue(name, out JsonElement value) ? value : throw new KeyNotFoundException($"'{name}'");

    private void Read(Dictionary<string, JsonElement> root)
    {
        Property(root, "model");
        Dictionary<string, JsonElement> model = _modelProperties;
        string type = Property(model, "type").GetString() ?? string.Empty;
        if (type != "Unigram")
        {
            throw new FormatException($"the model type is '{type}'; only Unigram (SentencePiece-converted) models are supported");
        }

        if (model.TryGetValue("byte_fallback", out JsonElement byteFallback) && byteFallback.ValueKind == JsonValueKind.True)
        {
            throw new FormatException("byte_fallback Unigram models are not supported");
        }

        if (!model.TryGetValue("unk_id", out JsonElement unk) || unk.ValueKind != JsonValueKind.Number)
        {
            throw new FormatException("the Unigram model has no unk_id");
        }

        Property(model, "vocab");
        int size = Scores.Length;
        int unknownId = unk.GetInt32();
        if ((uint)unknownId >= (uint)size)
        {
            throw new FormatException($"unk_id {unknownId} is outside the vocabulary of {size}");
        }

        (PrecompiledCharsMap? charsMap, bool collapse) = ReadNormalizer(Property(root, "normalizer"));
        MetaspacePrepend prepend = ReadPreTokenizer(Property(root, "pre_tokenizer"));
        Encoder = new SentencePieceEncoder(new MetaspaceNormalizer(charsMap, collapse, prepend), new UnigramModel(Scores, Keys, unknownId));

        int maxId = size - 1;
        if (root.TryGetValue("added_tokens", out JsonElement added) && added.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement token in added.EnumerateArray())
            {
                if (Flag(token, "single_word"))
                {
                    throw new FormatException($"added token '{token.GetProperty("content").GetString()}' is single_word, which is not supported");
                }

                var entry = new AddedTokenEntry(
                    token.GetProperty("id").GetInt32(),
                    token.GetProperty("content").GetString() ?? string.Empty,
                    Flag(token, "lstrip"),
                    Flag(token, "rstrip"),
                    Flag(token, "special"));
                AddedTokens.Add(entry);
                maxId = Math.Max(maxId, entry.Id);
            }
        }

        // Ids past the model vocabulary that no added token takes are empty; added tokens override their ids.
        var overrides = new List<(string Token, int Id)>();
        for (int id = size; id <= maxId; id++)
        {
            overrides.Add((string.Empty, id));
        }

        foreach (AddedTokenEntry entry in AddedTokens)
        {
            overrides.Add((entry.Content, entry.Id));
        }

        Vocabulary = new Vocabulary(Keys, 0, maxId + 1, CollectionsMarshal.AsSpan(overrides));
        ReadPostProcessor(Property(root, "post_processor"));
    }

    private static (PrecompiledCharsMap? CharsMap, bool Collapse) ReadNormalizer(JsonElement normalizer)
    {
        PrecompiledCharsMap? charsMap = null;
        bool collapse = false;
        if (normalizer.ValueKind == JsonValueKind.Null)
        {
            return (null, false);
        }

        List<JsonElement> steps = [];
        if (normalizer.GetProperty("type").GetString() == "Sequence")
        {
            steps.AddRange(normalizer.GetProperty("normalizers").EnumerateArray());
        }
        else
        {
            steps.Add(normalizer);
        }

        for (int k = 0; k < steps.Count; k++)
        {
            JsonElement step = steps[k];
            string? type = step.GetProperty("type").GetString();
            if (type == "Precompiled" && k == 0)
            {
                JsonElement blob = step.GetProperty("precompiled_charsmap");
                charsMap = blob.ValueKind == JsonValueKind.Null ? null : new PrecompiledCharsMap(blob.GetBytesFromBase64());
            }
            else if (type == "Replace" && k == steps.Count - 1
                && step.GetProperty("pattern").TryGetProperty("Regex", out JsonElement regex) && regex.GetString() == " {2,}"
                && step.GetProperty("content").GetString() == " ")
            {
                collapse = true;
            }
            else
            {
                throw new FormatException($"normalizer step {k} ('{type}') is not supported; supported: Precompiled, then Replace(\" {{2,}}\", \" \")");
            }
        }

        return (charsMap, collapse);
    }

    private static MetaspacePrepend ReadPreTokenizer(JsonElement preTokenizer)
    {
        if (preTokenizer.ValueKind == JsonValueKind.Null || preTokenizer.GetProperty("type").GetString() != "Metaspace")
        {
            throw new FormatException("the pre-tokenizer is not Metaspace; only Metaspace pre-tokenization is supported");
        }

        if (preTokenizer.GetProperty("replacement").GetString() != "\u2581")
        {
            throw new FormatException("the Metaspace replacement is not U+2581");
        }

        if (preTokenizer.TryGetProperty("split", out JsonElement split) && split.ValueKind == JsonValueKind.False)
        {
            throw new FormatException("Metaspace with split=false is not supported");
        }

        if (preTokenizer.TryGetProperty("prepend_scheme", out JsonElement scheme) && scheme.ValueKind == JsonValueKind.String)
        {
            return scheme.GetString() switch
            {
                "always" => MetaspacePrepend.Always,
                "first" => MetaspacePrepend.First,
                "never" => MetaspacePrepend.Never,
                var other => throw new FormatException($"unknown Metaspace prepend_scheme '{other}'"),
            };
        }

        return preTokenizer.TryGetProperty("add_prefix_space", out JsonElement add) && add.ValueKind == JsonValueKind.False
            ? MetaspacePrepend.Never
            : MetaspacePrepend.Always;
    }

    private void ReadPostProcessor(JsonElement post)
    {
        string? type = post.ValueKind == JsonValueKind.Null ? null : post.GetProperty("type").GetString();
        if (type == "RobertaProcessing")
        {
            ClsId = post.GetProperty("cls")[1].GetInt32();
            SepId = post.GetProperty("sep")[1].GetInt32();
            return;
        }

        if (type != "TemplateProcessing")
        {
            throw new FormatException($"the post-processor '{type ?? "null"}' is not supported; supported: TemplateProcessing, RobertaProcessing");
        }

        // Accept exactly the XLM-R layout: single = [cls, $A, sep], pair = [cls, $A, sep, sep, $B, sep].
        JsonElement specials = post.GetProperty("special_tokens");
        string[] single = Layout(post.GetProperty("single"));
        string[] pair = Layout(post.GetProperty("pair"));
        if (single.Length != 3 || single[1] != "$A" || pair.Length != 6 || pair[0] != single[0] || pair[1] != "$A"
            || pair[2] != single[2] || pair[3] != single[2] || pair[4] != "$B" || pair[5] != single[2])
        {
            throw new FormatException("the TemplateProcessing layout is not '<s> $A </s>' / '<s> $A </s> </s> $B </s>'");
        }

        ClsId = SingleId(specials, single[0]);
        SepId = SingleId(specials, single[2]);
    }

    private static string[] Layout(JsonElement template)
    {
        var parts = new List<string>();
        foreach (JsonElement part in template.EnumerateArray())
        {
            if (part.TryGetProperty("SpecialToken", out JsonElement special))
            {
                parts.Add(special.GetProperty("id").GetString() ?? string.Empty);
            }
            else
            {
                parts.Add("$" + part.GetProperty("Sequence").GetProperty("id").GetString());
            }
        }

        return parts.ToArray();
    }

    private static int SingleId(JsonElement specials, string token)
    {
        JsonElement ids = specials.GetProperty(token).GetProperty("ids");
        return ids.GetArrayLength() == 1 ? ids[0].GetInt32() : throw new FormatException($"the post-processor token '{token}' does not map to one id");
    }

    private static bool Flag(JsonElement token, string name) => token.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.True;
}

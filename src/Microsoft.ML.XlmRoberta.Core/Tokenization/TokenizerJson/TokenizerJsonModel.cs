using System.Text;
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

    private TokenizerJsonModel()
    {
    }

    /// <summary>The vocabulary, indexed by id (added tokens beyond the model vocabulary appended at their ids).</summary>
    public string[] Vocabulary { get; private set; } = [];

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
        try
        {
            using JsonDocument document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 256 });
            var model = new TokenizerJsonModel();
            model.Read(document.RootElement);
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
    }

    private void Read(JsonElement root)
    {
        JsonElement model = root.GetProperty("model");
        string type = model.GetProperty("type").GetString() ?? string.Empty;
        if (type != "Unigram")
        {
            throw new FormatException($"the model type is '{type}'; only Unigram (SentencePiece-converted) models are supported");
        }

        if (model.TryGetProperty("byte_fallback", out JsonElement byteFallback) && byteFallback.ValueKind == JsonValueKind.True)
        {
            throw new FormatException("byte_fallback Unigram models are not supported");
        }

        if (!model.TryGetProperty("unk_id", out JsonElement unk) || unk.ValueKind != JsonValueKind.Number)
        {
            throw new FormatException("the Unigram model has no unk_id");
        }

        JsonElement vocab = model.GetProperty("vocab");
        int size = vocab.GetArrayLength();
        var pieces = new string[size];
        var scores = new double[size];
        int i = 0;
        foreach (JsonElement entry in vocab.EnumerateArray())
        {
            pieces[i] = entry[0].GetString() ?? throw new FormatException($"vocabulary entry {i} has no piece");
            scores[i] = RustJsonFloat.Parse(entry[1].GetRawText());
            i++;
        }

        int unknownId = unk.GetInt32();
        if ((uint)unknownId >= (uint)size)
        {
            throw new FormatException($"unk_id {unknownId} is outside the vocabulary of {size}");
        }

        (PrecompiledCharsMap? charsMap, bool collapse) = ReadNormalizer(root.GetProperty("normalizer"));
        MetaspacePrepend prepend = ReadPreTokenizer(root.GetProperty("pre_tokenizer"));
        Encoder = new SentencePieceEncoder(new MetaspaceNormalizer(charsMap, collapse, prepend), new UnigramModel(scores, PieceKeys.FromStrings(pieces), unknownId));

        int maxId = size - 1;
        if (root.TryGetProperty("added_tokens", out JsonElement added) && added.ValueKind == JsonValueKind.Array)
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

        Vocabulary = pieces;
        if (maxId >= size)
        {
            Vocabulary = new string[maxId + 1];
            pieces.CopyTo(Vocabulary, 0);
            Array.Fill(Vocabulary, string.Empty, size, maxId + 1 - size);
        }

        foreach (AddedTokenEntry entry in AddedTokens)
        {
            Vocabulary[entry.Id] = entry.Content;
        }

        ReadPostProcessor(root.GetProperty("post_processor"));
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

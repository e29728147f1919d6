using Microsoft.ML.XlmRoberta.Tokenization.SentencePiece;
using Microsoft.ML.XlmRoberta.Tokenization.TokenizerJson;

namespace Microsoft.ML.XlmRoberta.Tokenization;

/// <summary>
/// The XLM-RoBERTa tokenizer: SentencePiece Unigram segmentation with <c>nmt_nfkc</c> normalization and Hugging Face's
/// fairseq id mapping (<c>&lt;s&gt;</c>=0, <c>&lt;pad&gt;</c>=1, <c>&lt;/s&gt;</c>=2, <c>&lt;unk&gt;</c>=3, piece i → i+1,
/// <c>&lt;mask&gt;</c> last). Loaded from <c>sentencepiece.bpe.model</c> it produces the ids of transformers 4.28's slow
/// <c>XLMRobertaTokenizer</c>; loaded from <c>tokenizer.json</c>, those of Hugging Face's Rust tokenizers for that file
/// (see <see cref="XlmRobertaTokenizerSource"/>). A Microsoft.ML.Tokenizers <see cref="Microsoft.ML.Tokenizers.Tokenizer"/>
/// with Hugging Face ids and offsets into the original text. Thread-safe.
/// </summary>
public sealed partial class XlmRobertaTokenizer : Microsoft.ML.Tokenizers.Tokenizer
{
    /// <summary>The SentencePiece model file name in a Hugging Face model folder.</summary>
    public const string SentencePieceModelFileName = "sentencepiece.bpe.model";

    /// <summary>The Hugging Face fast-tokenizer file name in a model folder.</summary>
    public const string TokenizerJsonFileName = TokenizerJsonModel.FileName;

    private const int FairseqOffset = 1;

    private readonly SentencePieceEncoder _encoder;
    private readonly SpecialTokenSplitter _splitter;
    private readonly Vocabulary _vocabulary;
    private readonly bool[] _isSpecial;
    private readonly (string Token, int Id)[] _idOverrides;
    private Dictionary<string, int>? _tokenToId;
    private readonly ThreadLocal<EncoderScratch> _scratch = new(() => new EncoderScratch());

    private XlmRobertaTokenizer(SentencePieceModelLoader loaded, TokenizerConfiguration config)
    {
        SentencePieceModelProto proto = loaded.Proto;
        int vocabularySize = proto.Keys.Count + FairseqOffset + 1;

        // The fairseq table overrides the first SentencePiece ids, as in XLMRobertaTokenizer.__init__.
        (string Token, int Id)[] fairseq = [("<s>", 0), ("<pad>", 1), ("</s>", 2), ("<unk>", 3), ("<mask>", vocabularySize - 1)];
        _vocabulary = new Vocabulary(proto.Keys, FairseqOffset, vocabularySize, fairseq);
        _idOverrides = fairseq;

        Source = XlmRobertaTokenizerSource.SentencePieceModel;
        (BosTokenId, EosTokenId, UnknownTokenId, PadTokenId, MaskTokenId, ClsTokenId, SepTokenId) = ResolveSpecials(config);
        ModelMaxLength = config.ModelMaxLength;
        _isSpecial = new bool[vocabularySize];
        var specials = new List<SpecialToken>();
        foreach (string key in TokenizerConfiguration.SpecialTokenKeys)
        {
            AddSpecial(specials, config.SpecialTokens[key]);
        }

        foreach (SpecialTokenSetting extra in config.AdditionalSpecialTokens)
        {
            AddSpecial(specials, extra);
        }

        _splitter = new SpecialTokenSplitter(specials, unicodeWhiteSpace: false);
        _encoder = new SentencePieceEncoder(loaded.Normalizer, loaded.Model, FairseqOffset, UnknownTokenId, loaded.NoInnerSpaceSymbol);
    }

    private XlmRobertaTokenizer(TokenizerJsonModel loaded, TokenizerConfiguration config)
    {
        _vocabulary = loaded.Vocabulary;
        _idOverrides = loaded.AddedTokens.Select(a => (a.Content, a.Id)).ToArray();

        Source = XlmRobertaTokenizerSource.TokenizerJson;
        (BosTokenId, EosTokenId, UnknownTokenId, PadTokenId, MaskTokenId, _, _) = ResolveSpecials(config);
        ClsTokenId = loaded.ClsId;
        SepTokenId = loaded.SepId;
        ModelMaxLength = config.ModelMaxLength;
        _isSpecial = new bool[_vocabulary.Count];
        var specials = new List<SpecialToken>();
        foreach (AddedTokenEntry added in loaded.AddedTokens)
        {
            _isSpecial[added.Id] |= added.Special;
            if (!specials.Exists(s => s.Content == added.Content))
            {
                specials.Add(new SpecialToken(added.Content, added.Id, added.LStrip, added.RStrip));
            }
        }

        foreach (string key in TokenizerConfiguration.SpecialTokenKeys)
        {
            _isSpecial[FindId(config.SpecialTokens[key].Content) ?? throw new SentencePieceModelException(TokenizerJsonFileName, $"the {key} '{config.SpecialTokens[key].Content}' is not in the vocabulary")] = true;
        }

        _splitter = new SpecialTokenSplitter(specials, unicodeWhiteSpace: true);
        _encoder = loaded.Encoder;
    }

    /// <summary>Which file this tokenizer was loaded from, and so whose behaviour it reproduces.</summary>
    public XlmRobertaTokenizerSource Source { get; }

    /// <summary>The id of <c>&lt;s&gt;</c> (beginning of sequence).</summary>
    public int BosTokenId { get; }

    /// <summary>The id of <c>&lt;/s&gt;</c> (end of sequence).</summary>
    public int EosTokenId { get; }

    /// <summary>The id of <c>&lt;pad&gt;</c>.</summary>
    public int PadTokenId { get; }

    /// <summary>The id of <c>&lt;unk&gt;</c>.</summary>
    public int UnknownTokenId { get; }

    /// <summary>The id of <c>&lt;mask&gt;</c>.</summary>
    public int MaskTokenId { get; }

    /// <summary>The id of the classifier token put at the start (<c>&lt;s&gt;</c>).</summary>
    public int ClsTokenId { get; }

    /// <summary>The id of the separator put at the end and between pairs (<c>&lt;/s&gt;</c>).</summary>
    public int SepTokenId { get; }

    /// <summary>The number of ids: SentencePiece pieces + 1 (fairseq offset) + 1 (<c>&lt;mask&gt;</c>); 250,002 for XLM-R.</summary>
    public int VocabularySize => _vocabulary.Count;

    /// <summary>The default maximum length (<c>model_max_length</c> of <c>tokenizer_config.json</c>; <see cref="int.MaxValue"/> when absent).</summary>
    public int ModelMaxLength { get; }

    /// <summary>Whether segmentation runs word by word through a cache (internal switch for tests).</summary>
    internal bool UseWordCache
    {
        get => _encoder.SplitWords;
        set => _encoder.SplitWords = value;
    }

    /// <summary>
    /// Loads a Hugging Face model folder: <c>sentencepiece.bpe.model</c> when present, otherwise <c>tokenizer.json</c>
    /// (see <see cref="XlmRobertaTokenizerSource.Default"/>), plus <c>tokenizer_config.json</c> and
    /// <c>special_tokens_map.json</c> when present (special tokens, <c>model_max_length</c>).
    /// </summary>
    /// <param name="folder">The model folder.</param>
    /// <exception cref="SentencePieceModelException">A file is missing or malformed.</exception>
    public static XlmRobertaTokenizer FromModelFolder(string folder) => FromModelFolder(folder, XlmRobertaTokenizerSource.Default);

    /// <summary>Loads a Hugging Face model folder from the tokenizer file <paramref name="source"/> names.</summary>
    /// <param name="folder">The model folder.</param>
    /// <param name="source">
    /// <see cref="XlmRobertaTokenizerSource.SentencePieceModel"/> (transformers' slow tokenizer),
    /// <see cref="XlmRobertaTokenizerSource.TokenizerJson"/> (Hugging Face's fast tokenizer), or
    /// <see cref="XlmRobertaTokenizerSource.Default"/> (the first when its file exists, else the second).
    /// </param>
    /// <exception cref="SentencePieceModelException">A file is missing or malformed.</exception>
    public static XlmRobertaTokenizer FromModelFolder(string folder, XlmRobertaTokenizerSource source)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            throw new SentencePieceModelException(folder, "the model folder does not exist");
        }

        string spm = Path.Combine(folder, SentencePieceModelFileName);
        string json = Path.Combine(folder, TokenizerJsonFileName);
        if (source == XlmRobertaTokenizerSource.Default)
        {
            source = File.Exists(spm) || !File.Exists(json) ? XlmRobertaTokenizerSource.SentencePieceModel : XlmRobertaTokenizerSource.TokenizerJson;
        }

        TokenizerConfiguration config = TokenizerConfiguration.Load(folder);
        return source == XlmRobertaTokenizerSource.TokenizerJson
            ? new XlmRobertaTokenizer(TokenizerJsonModel.Load(ReadFile(json), json), config)
            : new XlmRobertaTokenizer(SentencePieceModelLoader.Load(spm), config);
    }

    /// <summary>Loads a SentencePiece model file with Hugging Face's default XLM-R special tokens and no maximum length.</summary>
    /// <param name="sentencePieceModelPath">Path of <c>sentencepiece.bpe.model</c>.</param>
    /// <exception cref="SentencePieceModelException">The file is missing or malformed.</exception>
    public static XlmRobertaTokenizer FromFile(string sentencePieceModelPath)
    {
        ArgumentNullException.ThrowIfNull(sentencePieceModelPath);
        return new XlmRobertaTokenizer(SentencePieceModelLoader.Load(sentencePieceModelPath), new TokenizerConfiguration());
    }

    /// <summary>
    /// Creates the tokenizer from the contents of <c>sentencepiece.bpe.model</c> (transformers' slow tokenizer), read to
    /// the end, in the style of Microsoft.ML.Tokenizers' <c>SentencePieceTokenizer.Create</c>.
    /// </summary>
    /// <param name="sentencePieceModel">The model file's contents.</param>
    /// <param name="tokenizerConfig">The contents of <c>tokenizer_config.json</c>, or null for the defaults.</param>
    /// <param name="specialTokensMap">The contents of <c>special_tokens_map.json</c>, or null.</param>
    /// <exception cref="SentencePieceModelException">A stream cannot be read or holds a malformed file.</exception>
    public static XlmRobertaTokenizer Create(Stream sentencePieceModel, Stream? tokenizerConfig = null, Stream? specialTokensMap = null)
    {
        ArgumentNullException.ThrowIfNull(sentencePieceModel);
        SentencePieceModelLoader loaded = SentencePieceModelLoader.Load(StreamBytes.ReadAll(sentencePieceModel, SentencePieceModelFileName), SentencePieceModelFileName);
        return new XlmRobertaTokenizer(loaded, TokenizerConfiguration.Load(tokenizerConfig, specialTokensMap));
    }

    /// <summary>
    /// Creates the tokenizer from the contents of a Hugging Face <c>tokenizer.json</c> (the fast tokenizer), read to the end.
    /// </summary>
    /// <param name="tokenizerJson">The <c>tokenizer.json</c> contents.</param>
    /// <param name="tokenizerConfig">The contents of <c>tokenizer_config.json</c>, or null for the defaults.</param>
    /// <param name="specialTokensMap">The contents of <c>special_tokens_map.json</c>, or null.</param>
    /// <exception cref="SentencePieceModelException">A stream cannot be read, or the file is malformed or uses a component that is not supported.</exception>
    public static XlmRobertaTokenizer CreateFromTokenizerJson(Stream tokenizerJson, Stream? tokenizerConfig = null, Stream? specialTokensMap = null)
    {
        ArgumentNullException.ThrowIfNull(tokenizerJson);
        TokenizerJsonModel loaded = TokenizerJsonModel.Load(StreamBytes.ReadAll(tokenizerJson, TokenizerJsonFileName), TokenizerJsonFileName);
        return new XlmRobertaTokenizer(loaded, TokenizerConfiguration.Load(tokenizerConfig, specialTokensMap));
    }

    /// <summary>The token string of <paramref name="id"/>, or null when the id is outside the vocabulary.</summary>
    public string? IdToToken(int id) => (uint)id < (uint)_vocabulary.Count ? _vocabulary[id] : null;

    /// <summary>The id of a vocabulary token (a piece spelled with U+2581, or a special token), or null when absent.</summary>
    public int? TokenToId(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        Dictionary<string, int> map = LazyInitializer.EnsureInitialized(ref _tokenToId, BuildTokenToId);
        return map.TryGetValue(token, out int id) ? id : null;
    }

    private static byte[] ReadFile(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SentencePieceModelException(path, e is FileNotFoundException or DirectoryNotFoundException ? "the file does not exist" : e.Message, e);
        }
    }

    /// <summary>Token → id, built on the first <see cref="TokenToId"/> call: the lowest id of a spelling, overridden by the special tokens.</summary>
    private Dictionary<string, int> BuildTokenToId()
    {
        var map = new Dictionary<string, int>(_vocabulary.Count, StringComparer.Ordinal);
        for (int id = _vocabulary.Count - 1; id >= 0; id--)
        {
            map[_vocabulary[id]] = id;
        }

        foreach ((string token, int id) in _idOverrides)
        {
            map[token] = id;
        }

        return map;
    }

    /// <summary>The id <see cref="TokenToId"/> gives, without building its map (used while loading).</summary>
    private int? FindId(string token)
    {
        foreach ((string special, int id) in _idOverrides)
        {
            if (special == token)
            {
                return id;
            }
        }

        int index = _vocabulary.IndexOf(token);
        return index >= 0 ? index : null;
    }

    private (int Bos, int Eos, int Unk, int Pad, int Mask, int Cls, int Sep) ResolveSpecials(TokenizerConfiguration config) => (
        ResolveSpecial(config, "bos_token"),
        ResolveSpecial(config, "eos_token"),
        ResolveSpecial(config, "unk_token"),
        ResolveSpecial(config, "pad_token"),
        ResolveSpecial(config, "mask_token"),
        ResolveSpecial(config, "cls_token"),
        ResolveSpecial(config, "sep_token"));

    private int ResolveSpecial(TokenizerConfiguration config, string key)
    {
        string content = config.SpecialTokens[key].Content;
        return FindId(content) is int id
            ? id
            : throw new SentencePieceModelException(SentencePieceModelFileName, $"the {key} '{content}' is not in the vocabulary");
    }

    private void AddSpecial(List<SpecialToken> specials, SpecialTokenSetting setting)
    {
        if (FindId(setting.Content) is not int id)
        {
            throw new SentencePieceModelException(SentencePieceModelFileName, $"the special token '{setting.Content}' is not in the vocabulary");
        }

        _isSpecial[id] = true;
        if (specials.Exists(s => s.Content == setting.Content))
        {
            return;
        }

        // A plain string strips both sides; an AddedToken strips as its flags say.
        specials.Add(new SpecialToken(setting.Content, id, setting.LStrip ?? true, setting.RStrip ?? true));
    }
}

using Microsoft.ML.XlmRoberta.Tokenization.SentencePiece;

namespace Microsoft.ML.XlmRoberta.Tokenization;

/// <summary>
/// The XLM-RoBERTa tokenizer: SentencePiece Unigram segmentation with <c>nmt_nfkc</c> normalization and Hugging Face's
/// fairseq id mapping (<c>&lt;s&gt;</c>=0, <c>&lt;pad&gt;</c>=1, <c>&lt;/s&gt;</c>=2, <c>&lt;unk&gt;</c>=3, piece i → i+1,
/// <c>&lt;mask&gt;</c> last). Produces the ids of transformers 4.28's slow <c>XLMRobertaTokenizer</c>. Thread-safe.
/// </summary>
public sealed partial class XlmRobertaTokenizer
{
    /// <summary>The SentencePiece model file name in a Hugging Face model folder.</summary>
    public const string SentencePieceModelFileName = "sentencepiece.bpe.model";

    private const int FairseqOffset = 1;

    private readonly SentencePieceEncoder _encoder;
    private readonly SpecialTokenSplitter _splitter;
    private readonly string[] _vocabulary;
    private readonly bool[] _isSpecial;
    private readonly Dictionary<string, int> _tokenToId;
    private readonly ThreadLocal<EncoderScratch> _scratch = new(() => new EncoderScratch());

    private XlmRobertaTokenizer(SentencePieceModelLoader loaded, TokenizerConfiguration config)
    {
        SentencePieceModelProto proto = loaded.Proto;
        string[] pieces = proto.Pieces;
        VocabularySize = pieces.Length + FairseqOffset + 1;
        _vocabulary = new string[VocabularySize];
        _tokenToId = new Dictionary<string, int>(VocabularySize, StringComparer.Ordinal);
        var spmToHf = new int[pieces.Length];
        for (int i = 0; i < pieces.Length; i++)
        {
            spmToHf[i] = i + FairseqOffset;
            _vocabulary[i + FairseqOffset] = pieces[i];
        }

        // The fairseq table overrides the first SentencePiece ids, as in XLMRobertaTokenizer.__init__.
        (string Token, int Id)[] fairseq = [("<s>", 0), ("<pad>", 1), ("</s>", 2), ("<unk>", 3), ("<mask>", VocabularySize - 1)];
        foreach ((string token, int id) in fairseq)
        {
            _vocabulary[id] = token;
        }

        for (int id = _vocabulary.Length - 1; id >= 0; id--)
        {
            _tokenToId[_vocabulary[id]] = id;
        }

        foreach ((string token, int id) in fairseq)
        {
            _tokenToId[token] = id;
        }

        ModelMaxLength = config.ModelMaxLength;
        BosTokenId = ResolveSpecial(config, "bos_token");
        EosTokenId = ResolveSpecial(config, "eos_token");
        UnknownTokenId = ResolveSpecial(config, "unk_token");
        PadTokenId = ResolveSpecial(config, "pad_token");
        MaskTokenId = ResolveSpecial(config, "mask_token");
        ClsTokenId = ResolveSpecial(config, "cls_token");
        SepTokenId = ResolveSpecial(config, "sep_token");
        _isSpecial = new bool[VocabularySize];
        var specials = new List<SpecialToken>();
        foreach (string key in TokenizerConfiguration.SpecialTokenKeys)
        {
            AddSpecial(specials, config.SpecialTokens[key]);
        }

        foreach (SpecialTokenSetting extra in config.AdditionalSpecialTokens)
        {
            AddSpecial(specials, extra);
        }

        _splitter = new SpecialTokenSplitter(specials);
        _encoder = new SentencePieceEncoder(loaded.Normalizer, loaded.Model, spmToHf, UnknownTokenId, loaded.NoInnerSpaceSymbol);
    }

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
    public int VocabularySize { get; }

    /// <summary>The default maximum length (<c>model_max_length</c> of <c>tokenizer_config.json</c>; <see cref="int.MaxValue"/> when absent).</summary>
    public int ModelMaxLength { get; }

    /// <summary>Whether segmentation runs word by word through a cache (internal switch for tests).</summary>
    internal bool UseWordCache
    {
        get => _encoder.SplitWords;
        set => _encoder.SplitWords = value;
    }

    /// <summary>
    /// Loads a Hugging Face model folder: <c>sentencepiece.bpe.model</c>, plus <c>tokenizer_config.json</c> and
    /// <c>special_tokens_map.json</c> when present (special tokens, <c>model_max_length</c>).
    /// </summary>
    /// <param name="folder">The model folder.</param>
    /// <exception cref="SentencePieceModelException">A file is missing or malformed.</exception>
    public static XlmRobertaTokenizer FromModelFolder(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            throw new SentencePieceModelException(folder, "the model folder does not exist");
        }

        TokenizerConfiguration config = TokenizerConfiguration.Load(folder);
        SentencePieceModelLoader loaded = SentencePieceModelLoader.Load(Path.Combine(folder, SentencePieceModelFileName));
        return new XlmRobertaTokenizer(loaded, config);
    }

    /// <summary>Loads a SentencePiece model file with Hugging Face's default XLM-R special tokens and no maximum length.</summary>
    /// <param name="sentencePieceModelPath">Path of <c>sentencepiece.bpe.model</c>.</param>
    /// <exception cref="SentencePieceModelException">The file is missing or malformed.</exception>
    public static XlmRobertaTokenizer FromFile(string sentencePieceModelPath)
    {
        ArgumentNullException.ThrowIfNull(sentencePieceModelPath);
        return new XlmRobertaTokenizer(SentencePieceModelLoader.Load(sentencePieceModelPath), new TokenizerConfiguration());
    }

    /// <summary>The token string of <paramref name="id"/>, or null when the id is outside the vocabulary.</summary>
    public string? IdToToken(int id) => (uint)id < (uint)_vocabulary.Length ? _vocabulary[id] : null;

    /// <summary>The id of a vocabulary token (a piece spelled with U+2581, or a special token), or null when absent.</summary>
    public int? TokenToId(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return _tokenToId.TryGetValue(token, out int id) ? id : null;
    }

    private int ResolveSpecial(TokenizerConfiguration config, string key)
    {
        string content = config.SpecialTokens[key].Content;
        return _tokenToId.TryGetValue(content, out int id)
            ? id
            : throw new SentencePieceModelException(SentencePieceModelFileName, $"the {key} '{content}' is not in the vocabulary");
    }

    private void AddSpecial(List<SpecialToken> specials, SpecialTokenSetting setting)
    {
        if (!_tokenToId.TryGetValue(setting.Content, out int id))
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

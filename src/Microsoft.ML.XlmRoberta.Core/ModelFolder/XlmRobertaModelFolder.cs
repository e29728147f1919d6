namespace Microsoft.ML.XlmRoberta.ModelFolder;

/// <summary>
/// The files of a Hugging Face XLM-R model folder: <c>config.json</c>, the SentencePiece tokenizer files and an
/// ONNX graph (by default <c>onnx/model.onnx</c>; its external data, e.g. <c>model.onnx_data</c>, stays beside it
/// and is read by ONNX Runtime from the path).
/// </summary>
public sealed class XlmRobertaModelFolder
{
    /// <summary>The ONNX file used when none is named: <c>onnx/model.onnx</c>.</summary>
    public const string DefaultOnnxFile = "onnx/model.onnx";

    /// <summary>The SentencePiece model most XLM-R folders carry.</summary>
    public const string TokenizerFile = "sentencepiece.bpe.model";

    /// <summary>The Hugging Face fast-tokenizer file, used when a folder has no <see cref="TokenizerFile"/>.</summary>
    public const string TokenizerJsonFile = "tokenizer.json";

    private XlmRobertaModelFolder(string folder, string onnxPath, XlmRobertaConfig config, SentenceTransformersConfig? sentenceTransformers)
    {
        Folder = folder;
        OnnxPath = onnxPath;
        Config = config;
        SentenceTransformers = sentenceTransformers;
    }

    /// <summary>The model folder (absolute).</summary>
    public string Folder { get; }

    /// <summary>The ONNX graph that will be loaded (absolute).</summary>
    public string OnnxPath { get; }

    /// <summary>The parsed <c>config.json</c>.</summary>
    public XlmRobertaConfig Config { get; }

    /// <summary>The sentence-transformers files (pooling, normalization, length, prompts); null when the folder has none.</summary>
    public SentenceTransformersConfig? SentenceTransformers { get; }

    /// <summary>The pad id written into padding positions: <c>pad_token_id</c> of <c>config.json</c>.</summary>
    public int PadTokenId => Config.PadTokenId;

    /// <summary>
    /// The folder's maximum sequence length, special tokens included: the position embeddings' limit
    /// (<see cref="XlmRobertaConfig.MaxSequenceLength"/>), lowered to sentence-transformers' <c>max_seq_length</c> when given.
    /// </summary>
    public int MaxSequenceLength => Math.Min(Config.MaxSequenceLength, SentenceTransformers?.MaxSequenceLength ?? int.MaxValue);

    /// <summary>
    /// The tokenizer file that <c>XlmRobertaTokenizer.FromModelFolder</c> loads by default (absolute):
    /// <see cref="TokenizerFile"/> when present, otherwise <see cref="TokenizerJsonFile"/>.
    /// </summary>
    public string TokenizerPath => File.Exists(Path.Combine(Folder, TokenizerFile)) ? Path.Combine(Folder, TokenizerFile) : Path.Combine(Folder, TokenizerJsonFile);

    /// <summary>Checks that the folder has everything the runtime needs and reads its configuration.</summary>
    /// <param name="folder">The model folder.</param>
    /// <param name="onnxFile">
    /// The ONNX file to use, relative to the folder (e.g. <c>onnx/model_quantized.onnx</c>); <see langword="null"/>
    /// means <see cref="DefaultOnnxFile"/>, or <c>model.onnx</c> at the top of the folder when there is no <c>onnx/</c>.
    /// </param>
    /// <exception cref="XlmRobertaModelException">Something is missing; the message names the path.</exception>
    public static XlmRobertaModelFolder Open(string folder, string? onnxFile = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        string full = Path.GetFullPath(folder);
        if (!Directory.Exists(full))
        {
            throw new XlmRobertaModelException($"The model folder '{full}' does not exist.", full, Path.GetFileName(full));
        }

        XlmRobertaConfig config = XlmRobertaConfig.Load(Path.Combine(full, "config.json"));
        string tokenizer = Path.Combine(full, TokenizerFile);
        if (!File.Exists(tokenizer) && !File.Exists(Path.Combine(full, TokenizerJsonFile)))
        {
            throw new XlmRobertaModelException(
                $"The model folder has no tokenizer: neither '{tokenizer}' nor '{TokenizerJsonFile}' beside it exists.", tokenizer, TokenizerFile);
        }

        string onnx = ResolveOnnx(full, onnxFile);
        return new XlmRobertaModelFolder(full, onnx, config, SentenceTransformersConfig.Load(full));
    }

    private static string ResolveOnnx(string folder, string? onnxFile)
    {
        if (onnxFile is not null)
        {
            string named = Path.GetFullPath(Path.Combine(folder, onnxFile));
            return File.Exists(named)
                ? named
                : throw new XlmRobertaModelException($"The requested ONNX file '{named}' does not exist.", named, Path.GetFileName(named));
        }

        string standard = Path.Combine(folder, "onnx", "model.onnx");
        if (File.Exists(standard))
        {
            return standard;
        }

        string top = Path.Combine(folder, "model.onnx");
        return File.Exists(top)
            ? top
            : throw new XlmRobertaModelException(
                $"The model folder has no ONNX graph: neither '{standard}' nor '{top}' exists.", standard, "model.onnx");
    }
}

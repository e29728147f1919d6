using Microsoft.ML.XlmRoberta.DataView;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.ModelFolder;
using Microsoft.ML.XlmRoberta.Pooling;

namespace Microsoft.ML.XlmRoberta.Embeddings;

/// <summary>
/// Texts to pooled <c>last_hidden_state</c> vectors of the model's hidden size, one encoder call per window. Pooling,
/// normalization and prompt are Core's <see cref="XlmRobertaFeatureExtractor"/>'s: the options', else the folder's.
/// </summary>
internal sealed class EmbeddingMapper : TextBatchMapper
{
    public const int EmbeddingRole = 0;

    private readonly XlmRobertaFeatureExtractor _extractor;

    // Prompt "" turns the folder's default prompt off: the texts are then tokenized as they are.
    private readonly bool _noPrompt;

    /// <param name="encoder">The encoder; the mapper owns it from now on.</param>
    /// <param name="options">The transform's options.</param>
    public EmbeddingMapper(XlmRobertaEncoder encoder, EmbedXlmRobertaOptions options)
        : base(Columns(options, encoder.Config), nameof(EmbedXlmRobertaTransformer))
    {
        _noPrompt = options.Prompt is "";
        _extractor = new XlmRobertaFeatureExtractor(encoder, new FeatureExtractionOptions
        {
            Pooling = options.Pooling,
            Normalize = options.Normalize,
            Prompt = _noPrompt ? null : options.Prompt,
        });
    }

    /// <summary>The encoder the mapper runs.</summary>
    public XlmRobertaEncoder Encoder => _extractor.Encoder;

    /// <summary>The feature extractor (pooling, normalization and prompt in use).</summary>
    public XlmRobertaFeatureExtractor Extractor => _extractor;

    /// <summary>The output roles for a model configuration.</summary>
    public static OutputColumn[] Columns(EmbedXlmRobertaOptions options, XlmRobertaConfig config) =>
        [new OutputColumn(options.OutputColumnName, OutputKind.SingleVector, config.HiddenSize)];

    protected override void ComputeCore(string[] texts, string[]? pairs, int count, bool[] active, BatchValues values)
    {
        var window = new ArraySegment<string>(texts, 0, count);
        EmbeddingResult[] results = _noPrompt ? _extractor.EmbedEncodings(Encoder.Tokenize(window)) : _extractor.Embed(window);
        var column = (float[][])values.Columns[EmbeddingRole];
        for (int i = 0; i < count; i++)
        {
            column[i] = results[i].Embedding;
        }
    }

    protected override void Release() => Encoder.Dispose();
}

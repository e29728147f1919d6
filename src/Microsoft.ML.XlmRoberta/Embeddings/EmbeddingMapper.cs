using Microsoft.ML.XlmRoberta.DataView;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.ModelFolder;
using Microsoft.ML.XlmRoberta.Pooling;
using Microsoft.ML.XlmRoberta.Tokenization;

namespace Microsoft.ML.XlmRoberta.Embeddings;

/// <summary>Texts to pooled <c>last_hidden_state</c> vectors of the model's hidden size, one encoder call per window.</summary>
internal sealed class EmbeddingMapper : TextBatchMapper
{
    public const int EmbeddingRole = 0;

    private readonly XlmRobertaFeatureExtractor extractor;

    /// <param name="encoder">The encoder; the mapper owns it from now on.</param>
    /// <param name="options">The transform's options.</param>
    public EmbeddingMapper(XlmRobertaEncoder encoder, EmbedXlmRobertaOptions options)
        : base(Columns(options, encoder.Config), nameof(EmbedXlmRobertaTransformer))
    {
        extractor = new XlmRobertaFeatureExtractor(encoder, new FeatureExtractionOptions { Pooling = options.Pooling, Normalize = options.Normalize });
    }

    /// <summary>The encoder the mapper runs.</summary>
    public XlmRobertaEncoder Encoder => extractor.Encoder;

    /// <summary>The output roles for a model configuration.</summary>
    public static OutputColumn[] Columns(EmbedXlmRobertaOptions options, XlmRobertaConfig config) =>
        [new OutputColumn(options.OutputColumnName, OutputKind.SingleVector, config.HiddenSize)];

    protected override void ComputeCore(string[] texts, string[]? pairs, int count, bool[] active, BatchValues values)
    {
        XlmRobertaEncoding[] encodings = Encoder.Tokenize(new ArraySegment<string>(texts, 0, count));
        EmbeddingResult[] results = extractor.EmbedEncodings(encodings);
        var column = (float[][])values.Columns[EmbeddingRole];
        for (int i = 0; i < count; i++)
        {
            column[i] = results[i].Embedding;
        }
    }

    protected override void Release() => Encoder.Dispose();
}

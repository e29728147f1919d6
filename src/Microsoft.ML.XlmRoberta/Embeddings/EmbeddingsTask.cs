using Microsoft.ML.XlmRoberta.DataView;
using Microsoft.ML.XlmRoberta.Engine;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Pooling;
using Microsoft.ML.XlmRoberta.Tokenization;

namespace Microsoft.ML.XlmRoberta.Embeddings;

/// <summary>Text to a pooled <c>last_hidden_state</c> vector of the model's hidden size, one batched run per batch.</summary>
internal sealed class EmbeddingsTask : XlmRobertaTask
{
    public const int EmbeddingRole = 0;

    private readonly XlmRobertaFeatureExtractor extractor;

    public EmbeddingsTask(TaskConfig config)
        : base(config)
    {
        XlmRobertaEncoder encoder = EncoderLoader.Encoder(config);
        extractor = new XlmRobertaFeatureExtractor(encoder, new FeatureExtractionOptions { Pooling = config.Pooling, Normalize = config.Normalize });
        Outputs = [new OutputColumn(NameOf(EmbeddingRole, "Features"), OutputKind.SingleVector, extractor.Dimension)];
    }

    public override IReadOnlyList<OutputColumn> Outputs { get; }

    /// <summary>The encoder the task runs.</summary>
    public XlmRobertaEncoder Encoder => extractor.Encoder;

    /// <summary>The vector size.</summary>
    public int Dimension => extractor.Dimension;

    public override void Compute(string[] texts, string[]? pairs, int count, bool[] active, BatchValues values)
    {
        if (!active[EmbeddingRole] || count == 0)
        {
            return;
        }

        XlmRobertaEncoder encoder = extractor.Encoder;
        XlmRobertaEncoding[] encodings = encoder.Tokenize(
            new ArraySegment<string>(texts, 0, count), pairs is null ? null : (IReadOnlyList<string?>)new ArraySegment<string>(pairs, 0, count));

        EmbeddingResult[] results = extractor.EmbedEncodings(encodings);
        var column = (float[][])values.Columns[EmbeddingRole];
        for (int i = 0; i < count; i++)
        {
            column[i] = results[i].Embedding;
        }
    }
}

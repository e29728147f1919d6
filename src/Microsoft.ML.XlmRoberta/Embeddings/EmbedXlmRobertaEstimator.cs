using Microsoft.ML.XlmRoberta.DataView;
using Microsoft.ML.XlmRoberta.Embeddings;
using Microsoft.ML.XlmRoberta.ModelFolder;

namespace Microsoft.ML.XlmRoberta;

/// <summary>The estimator of <c>EmbedXlmRoberta</c>; <see cref="XlmRobertaEstimator{T}.Fit"/> loads the model once.</summary>
public sealed class EmbedXlmRobertaEstimator : XlmRobertaEstimator<EmbedXlmRobertaTransformer>
{
    private readonly EmbedXlmRobertaOptions _options;

    /// <param name="options">A validated snapshot of the caller's options.</param>
    internal EmbedXlmRobertaEstimator(EmbedXlmRobertaOptions options)
        : base(options.InputColumnName, null) => _options = options;

    private protected override EmbedXlmRobertaTransformer Load() => EmbedXlmRobertaTransformer.Load(_options);

    private protected override ColumnBinding DescribeColumns() =>
        new(_options.InputColumnName, null, EmbeddingMapper.Columns(_options, XlmRobertaModelFolder.Open(_options.ModelFolder, _options.Encoder.OnnxFile).Config));
}

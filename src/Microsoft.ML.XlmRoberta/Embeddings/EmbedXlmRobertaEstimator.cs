using Microsoft.ML.XlmRoberta.DataView;
using Microsoft.ML.XlmRoberta.Embeddings;
using Microsoft.ML.XlmRoberta.ModelFolder;

namespace Microsoft.ML.XlmRoberta;

/// <summary>The estimator of <c>EmbedXlmRoberta</c>; <see cref="XlmRobertaEstimator{T}.Fit"/> loads the model once.</summary>
public sealed class EmbedXlmRobertaEstimator : XlmRobertaEstimator<EmbedXlmRobertaTransformer>
{
    private readonly EmbedXlmRobertaOptions options;

    /// <param name="options">A validated snapshot of the caller's options.</param>
    internal EmbedXlmRobertaEstimator(EmbedXlmRobertaOptions options)
        : base(options.InputColumnName, null) => this.options = options;

    private protected override EmbedXlmRobertaTransformer Load() => EmbedXlmRobertaTransformer.Load(options);

    private protected override ColumnBinding DescribeColumns() =>
        new(options.InputColumnName, null, EmbeddingMapper.Columns(options, XlmRobertaModelFolder.Open(options.ModelFolder, options.Encoder.OnnxFile).Config));
}

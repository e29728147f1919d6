using Microsoft.ML.XlmRoberta.Classification;
using Microsoft.ML.XlmRoberta.DataView;

namespace Microsoft.ML.XlmRoberta;

/// <summary>The estimator of <c>ClassifyTokensXlmRoberta</c>; <see cref="XlmRobertaEstimator{T}.Fit"/> loads the model once.</summary>
public sealed class ClassifyTokensXlmRobertaEstimator : XlmRobertaEstimator<ClassifyTokensXlmRobertaTransformer>
{
    private readonly ClassifyTokensXlmRobertaOptions _options;

    /// <param name="options">A validated snapshot of the caller's options.</param>
    internal ClassifyTokensXlmRobertaEstimator(ClassifyTokensXlmRobertaOptions options)
        : base(options.InputColumnName, null) => _options = options;

    private protected override ClassifyTokensXlmRobertaTransformer Load() => ClassifyTokensXlmRobertaTransformer.Load(_options);

    private protected override ColumnBinding DescribeColumns() => new(_options.InputColumnName, null, TokenClassificationMapper.Columns(_options));
}

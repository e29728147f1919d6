using Microsoft.ML.XlmRoberta.Classification;
using Microsoft.ML.XlmRoberta.DataView;
using Microsoft.ML.XlmRoberta.ModelFolder;

namespace Microsoft.ML.XlmRoberta;

/// <summary>The estimator of <c>ClassifyXlmRoberta</c>; <see cref="XlmRobertaEstimator{T}.Fit"/> loads the model once.</summary>
public sealed class ClassifyXlmRobertaEstimator : XlmRobertaEstimator<ClassifyXlmRobertaTransformer>
{
    private readonly ClassifyXlmRobertaOptions _options;

    /// <param name="options">A validated snapshot of the caller's options.</param>
    internal ClassifyXlmRobertaEstimator(ClassifyXlmRobertaOptions options)
        : base(options.InputColumnName, options.PairColumnName) => _options = options;

    private protected override ClassifyXlmRobertaTransformer Load() => ClassifyXlmRobertaTransformer.Load(_options);

    private protected override ColumnBinding DescribeColumns() => new(
        _options.InputColumnName, _options.PairColumnName,
        SequenceClassificationMapper.Columns(_options, XlmRobertaModelFolder.Open(_options.ModelFolder, _options.Encoder.OnnxFile).Config));
}

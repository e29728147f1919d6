using Microsoft.ML.XlmRoberta.Classification;
using Microsoft.ML.XlmRoberta.DataView;
using Microsoft.ML.XlmRoberta.ModelFolder;

namespace Microsoft.ML.XlmRoberta;

/// <summary>The estimator of <c>ClassifyXlmRoberta</c>; <see cref="XlmRobertaEstimator{T}.Fit"/> loads the model once.</summary>
public sealed class ClassifyXlmRobertaEstimator : XlmRobertaEstimator<ClassifyXlmRobertaTransformer>
{
    private readonly ClassifyXlmRobertaOptions options;

    /// <param name="options">A validated snapshot of the caller's options.</param>
    internal ClassifyXlmRobertaEstimator(ClassifyXlmRobertaOptions options)
        : base(options.InputColumnName, options.PairColumnName) => this.options = options;

    private protected override ClassifyXlmRobertaTransformer Load() => ClassifyXlmRobertaTransformer.Load(options);

    private protected override ColumnBinding DescribeColumns() => new(
        options.InputColumnName, options.PairColumnName,
        SequenceClassificationMapper.Columns(options, XlmRobertaModelFolder.Open(options.ModelFolder, options.Encoder.OnnxFile).Config));
}

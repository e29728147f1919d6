using Microsoft.ML.XlmRoberta.DataView;
using Microsoft.ML.XlmRoberta.MultipleChoice;

namespace Microsoft.ML.XlmRoberta;

/// <summary>The estimator of <c>ChooseXlmRoberta</c>; <see cref="XlmRobertaEstimator{T}.Fit"/> loads the model once.</summary>
public sealed class ChooseXlmRobertaEstimator : XlmRobertaEstimator<ChooseXlmRobertaTransformer>
{
    private readonly ChooseXlmRobertaOptions _options;

    /// <param name="options">A validated snapshot of the caller's options.</param>
    internal ChooseXlmRobertaEstimator(ChooseXlmRobertaOptions options)
        : base(options.InputColumnName, options.PairColumnName, pairIsList: true) => _options = options;

    private protected override ChooseXlmRobertaTransformer Load() => ChooseXlmRobertaTransformer.Load(_options);

    private protected override ColumnBinding DescribeColumns() =>
        new(_options.InputColumnName, _options.PairColumnName, MultipleChoiceMapper.Columns(_options), pairIsList: true);
}

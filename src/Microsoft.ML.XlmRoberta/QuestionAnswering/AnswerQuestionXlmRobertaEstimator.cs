using Microsoft.ML.XlmRoberta.DataView;
using Microsoft.ML.XlmRoberta.QuestionAnswering;

namespace Microsoft.ML.XlmRoberta;

/// <summary>The estimator of <c>AnswerQuestionXlmRoberta</c>; <see cref="XlmRobertaEstimator{T}.Fit"/> loads the model once.</summary>
public sealed class AnswerQuestionXlmRobertaEstimator : XlmRobertaEstimator<AnswerQuestionXlmRobertaTransformer>
{
    private readonly AnswerQuestionXlmRobertaOptions _options;

    /// <param name="options">A validated snapshot of the caller's options.</param>
    internal AnswerQuestionXlmRobertaEstimator(AnswerQuestionXlmRobertaOptions options)
        : base(options.InputColumnName, options.PairColumnName) => _options = options;

    private protected override AnswerQuestionXlmRobertaTransformer Load() => AnswerQuestionXlmRobertaTransformer.Load(_options);

    private protected override ColumnBinding DescribeColumns() =>
        new(_options.InputColumnName, _options.PairColumnName, QuestionAnsweringMapper.Columns(_options));
}

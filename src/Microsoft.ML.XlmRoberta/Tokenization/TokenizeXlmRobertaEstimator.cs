using Microsoft.ML.XlmRoberta.DataView;
using Microsoft.ML.XlmRoberta.Tokenization;

namespace Microsoft.ML.XlmRoberta;

/// <summary>The estimator of <c>TokenizeXlmRoberta</c>; <see cref="XlmRobertaEstimator{T}.Fit"/> loads the tokenizer.</summary>
public sealed class TokenizeXlmRobertaEstimator : XlmRobertaEstimator<TokenizeXlmRobertaTransformer>
{
    private readonly TokenizeXlmRobertaOptions _options;

    /// <param name="options">A validated snapshot of the caller's options.</param>
    internal TokenizeXlmRobertaEstimator(TokenizeXlmRobertaOptions options)
        : base(options.InputColumnName, options.PairColumnName) => _options = options;

    private protected override TokenizeXlmRobertaTransformer Load() => TokenizeXlmRobertaTransformer.Load(_options);

    private protected override ColumnBinding DescribeColumns() => new(_options.InputColumnName, _options.PairColumnName, TokenizationMapper.Columns(_options));
}

using Microsoft.ML.XlmRoberta.DataView;
using Microsoft.ML.XlmRoberta.QuestionAnswering;

namespace Microsoft.ML.XlmRoberta;

/// <summary>
/// The fitted <c>AnswerQuestionXlmRoberta</c> transform: adds the best answer (<c>Answer</c>, <c>Score</c>,
/// <c>Start</c>, <c>End</c>) and the top-k answers as vectors. Owns its ONNX Runtime session (dispose it when done; see
/// <see cref="XlmRobertaTransformer"/>).
/// </summary>
public sealed class AnswerQuestionXlmRobertaTransformer : XlmRobertaTransformer
{
    /// <summary>The task name in saved settings.</summary>
    internal const string TaskName = "AnswerQuestion";

    /// <summary>The custom-mapping contract of the saved form.</summary>
    internal const string SavedContract = "XlmRoberta.QuestionAnswering";

    private AnswerQuestionXlmRobertaTransformer(AnswerQuestionXlmRobertaOptions options, QuestionAnsweringMapper mapper)
        : base(SavedSettings.Of(TaskName, options), options.ModelFolder, new ColumnBinding(options.InputColumnName, options.PairColumnName, mapper.Outputs), mapper, options.ReadAheadRows)
    {
    }

    private protected override string Contract => SavedContract;

    /// <summary>Loads the model of validated <paramref name="options"/> and makes the transformer that owns it.</summary>
    internal static AnswerQuestionXlmRobertaTransformer Load(AnswerQuestionXlmRobertaOptions options) =>
        LoadWithEncoder(options, encoder => new AnswerQuestionXlmRobertaTransformer(options, new QuestionAnsweringMapper(encoder, options)));
}

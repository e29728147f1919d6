using Microsoft.ML.XlmRoberta;

namespace Microsoft.ML;

/// <summary>
/// XLM-RoBERTa transforms on <see cref="TransformsCatalog.TextTransforms"/> (<c>mlContext.Transforms.Text</c>): one
/// estimator/transformer pair per task, each with a short overload taking
/// <c>(outputColumnName, inputColumnName, modelFolder, ...)</c> and an options overload.
/// </summary>
public static class XlmRobertaCatalog
{
    /// <summary>
    /// Tokenizes a text column (or a pair of columns) into token ids and an attention mask, variable-size
    /// <c>Int64</c> vectors that <c>ApplyOnnxModel</c> can feed to an XLM-R ONNX export. The mask column is
    /// <c>attention_mask</c>; rename it, or add the tokens, with the options overload.
    /// </summary>
    /// <param name="catalog">The text transforms catalog.</param>
    /// <param name="outputColumnName">The token-id column (an export's input is usually <c>input_ids</c>).</param>
    /// <param name="inputColumnName">The text column.</param>
    /// <param name="modelFolder">A model folder holding <c>sentencepiece.bpe.model</c>.</param>
    /// <param name="textPairColumnName">The second text column of pairs, or null.</param>
    /// <param name="maxSequenceLength">Truncate to this many tokens, special tokens included; null: the tokenizer's limit.</param>
    public static TokenizeXlmRobertaEstimator TokenizeXlmRoberta(
        this TransformsCatalog.TextTransforms catalog, string outputColumnName, string inputColumnName, string modelFolder,
        string? textPairColumnName = null, int? maxSequenceLength = null) =>
        TokenizeXlmRoberta(catalog, new TokenizeXlmRobertaOptions
        {
            InputIdsColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            ModelFolder = modelFolder,
            TextPairColumnName = textPairColumnName,
            MaxSequenceLength = maxSequenceLength,
        });

    /// <summary>Tokenizes with all options (see <see cref="TokenizeXlmRobertaOptions"/>).</summary>
    /// <param name="catalog">The text transforms catalog.</param>
    /// <param name="options">The options (copied: later changes do not reach the estimator).</param>
    public static TokenizeXlmRobertaEstimator TokenizeXlmRoberta(this TransformsCatalog.TextTransforms catalog, TokenizeXlmRobertaOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TokenizeXlmRobertaEstimator(XlmRobertaTransformOptions.Snapshot(options));
    }

    /// <summary>
    /// Sentence embeddings: a text column to a fixed-size <c>Single</c> vector of the model's hidden size, ready for
    /// trainers, clustering and <c>Concatenate</c>. Pooling, normalization and prompt are the folder's
    /// sentence-transformers settings, else mean pooling, not normalized, no prompt.
    /// </summary>
    /// <param name="catalog">The text transforms catalog.</param>
    /// <param name="outputColumnName">The vector column.</param>
    /// <param name="inputColumnName">The text column.</param>
    /// <param name="modelFolder">The model folder.</param>
    public static EmbedXlmRobertaEstimator EmbedXlmRoberta(
        this TransformsCatalog.TextTransforms catalog, string outputColumnName, string inputColumnName, string modelFolder) =>
        EmbedXlmRoberta(catalog, new EmbedXlmRobertaOptions
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            ModelFolder = modelFolder,
        });

    /// <summary>Sentence embeddings with all options (see <see cref="EmbedXlmRobertaOptions"/>).</summary>
    /// <param name="catalog">The text transforms catalog.</param>
    /// <param name="options">The options (copied: later changes do not reach the estimator).</param>
    public static EmbedXlmRobertaEstimator EmbedXlmRoberta(this TransformsCatalog.TextTransforms catalog, EmbedXlmRobertaOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new EmbedXlmRobertaEstimator(XlmRobertaTransformOptions.Snapshot(options));
    }

    /// <summary>
    /// Sequence classification of a text (or text pair) column with a fine-tuned model: the predicted label's name
    /// (text), plus <c>Score</c> (softmax) and <c>Logits</c>, both slot-named by label (rename or leave them out with
    /// the options overload).
    /// </summary>
    /// <param name="catalog">The text transforms catalog.</param>
    /// <param name="outputColumnName">The predicted-label column (usually <c>PredictedLabel</c>).</param>
    /// <param name="inputColumnName">The text column.</param>
    /// <param name="modelFolder">A model folder whose <c>config.json</c> has <c>id2label</c>.</param>
    /// <param name="textPairColumnName">The second text column of pairs, or null.</param>
    public static ClassifyXlmRobertaEstimator ClassifyXlmRoberta(
        this TransformsCatalog.TextTransforms catalog, string outputColumnName, string inputColumnName, string modelFolder,
        string? textPairColumnName = null) =>
        ClassifyXlmRoberta(catalog, new ClassifyXlmRobertaOptions
        {
            PredictedLabelColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            ModelFolder = modelFolder,
            TextPairColumnName = textPairColumnName,
        });

    /// <summary>Sequence classification with all options (see <see cref="ClassifyXlmRobertaOptions"/>).</summary>
    /// <param name="catalog">The text transforms catalog.</param>
    /// <param name="options">The options (copied: later changes do not reach the estimator).</param>
    public static ClassifyXlmRobertaEstimator ClassifyXlmRoberta(this TransformsCatalog.TextTransforms catalog, ClassifyXlmRobertaOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ClassifyXlmRobertaEstimator(XlmRobertaTransformOptions.Snapshot(options));
    }

    /// <summary>
    /// Token classification (NER) of a text column: per-token labels, plus <c>Tokens</c>, <c>TokenScores</c>,
    /// <c>TokenStarts</c> and <c>TokenEnds</c> (UTF-16 offsets); variable-size vectors including
    /// <c>&lt;s&gt;</c>/<c>&lt;/s&gt;</c>.
    /// </summary>
    /// <param name="catalog">The text transforms catalog.</param>
    /// <param name="outputColumnName">The per-token label column (usually <c>TokenLabels</c>).</param>
    /// <param name="inputColumnName">The text column.</param>
    /// <param name="modelFolder">A token-classification model folder.</param>
    public static ClassifyTokensXlmRobertaEstimator ClassifyTokensXlmRoberta(
        this TransformsCatalog.TextTransforms catalog, string outputColumnName, string inputColumnName, string modelFolder) =>
        ClassifyTokensXlmRoberta(catalog, new ClassifyTokensXlmRobertaOptions
        {
            LabelsColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            ModelFolder = modelFolder,
        });

    /// <summary>Token classification with all options (see <see cref="ClassifyTokensXlmRobertaOptions"/>).</summary>
    /// <param name="catalog">The text transforms catalog.</param>
    /// <param name="options">The options (copied: later changes do not reach the estimator).</param>
    public static ClassifyTokensXlmRobertaEstimator ClassifyTokensXlmRoberta(this TransformsCatalog.TextTransforms catalog, ClassifyTokensXlmRobertaOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ClassifyTokensXlmRobertaEstimator(XlmRobertaTransformOptions.Snapshot(options));
    }

    /// <summary>
    /// Extractive question answering (Hugging Face's question-answering pipeline): the best answer's text from a
    /// question and a context column, plus <c>Score</c>, <c>Start</c> and <c>End</c> (UTF-16 offsets in the context)
    /// and the top-k answers as vectors (<c>Answers</c>, <c>AnswerScores</c>, <c>AnswerStarts</c>, <c>AnswerEnds</c>).
    /// </summary>
    /// <param name="catalog">The text transforms catalog.</param>
    /// <param name="outputColumnName">The answer-text column (usually <c>Answer</c>).</param>
    /// <param name="inputColumnName">The question column.</param>
    /// <param name="contextColumnName">The context column.</param>
    /// <param name="modelFolder">A question-answering model folder (<c>start_logits</c>/<c>end_logits</c> outputs).</param>
    /// <param name="topK">Answers in the top-k vectors.</param>
    public static AnswerQuestionXlmRobertaEstimator AnswerQuestionXlmRoberta(
        this TransformsCatalog.TextTransforms catalog, string outputColumnName, string inputColumnName, string contextColumnName, string modelFolder,
        int topK = 1) =>
        AnswerQuestionXlmRoberta(catalog, new AnswerQuestionXlmRobertaOptions
        {
            AnswerColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            ContextColumnName = contextColumnName,
            ModelFolder = modelFolder,
            TopK = topK,
        });

    /// <summary>Question answering with all options (see <see cref="AnswerQuestionXlmRobertaOptions"/>).</summary>
    /// <param name="catalog">The text transforms catalog.</param>
    /// <param name="options">The options (copied: later changes do not reach the estimator).</param>
    public static AnswerQuestionXlmRobertaEstimator AnswerQuestionXlmRoberta(this TransformsCatalog.TextTransforms catalog, AnswerQuestionXlmRobertaOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new AnswerQuestionXlmRobertaEstimator(XlmRobertaTransformOptions.Snapshot(options));
    }

    /// <summary>
    /// Multiple choice: the index of the most probable choice from a prompt column and a choices column (a vector of
    /// text, at least two per row), plus <c>Score</c> (softmax over the choices) and <c>Logits</c>.
    /// </summary>
    /// <param name="catalog">The text transforms catalog.</param>
    /// <param name="outputColumnName">The predicted-index column (usually <c>PredictedIndex</c>).</param>
    /// <param name="inputColumnName">The prompt column.</param>
    /// <param name="choicesColumnName">The choices column (vector of text).</param>
    /// <param name="modelFolder">A multiple-choice model folder (inputs <c>[batch, choices, sequence]</c>).</param>
    public static ChooseXlmRobertaEstimator ChooseXlmRoberta(
        this TransformsCatalog.TextTransforms catalog, string outputColumnName, string inputColumnName, string choicesColumnName, string modelFolder) =>
        ChooseXlmRoberta(catalog, new ChooseXlmRobertaOptions
        {
            PredictedIndexColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            ChoicesColumnName = choicesColumnName,
            ModelFolder = modelFolder,
        });

    /// <summary>Multiple choice with all options (see <see cref="ChooseXlmRobertaOptions"/>).</summary>
    /// <param name="catalog">The text transforms catalog.</param>
    /// <param name="options">The options (copied: later changes do not reach the estimator).</param>
    public static ChooseXlmRobertaEstimator ChooseXlmRoberta(this TransformsCatalog.TextTransforms catalog, ChooseXlmRobertaOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ChooseXlmRobertaEstimator(XlmRobertaTransformOptions.Snapshot(options));
    }
}

using Microsoft.ML.XlmRoberta;
using Microsoft.ML.XlmRoberta.Engine;

namespace Microsoft.ML;

/// <summary>XLM-RoBERTa transforms on <see cref="TransformsCatalog.TextTransforms"/> (<c>mlContext.Transforms.Text</c>).</summary>
public static class XlmRobertaCatalog
{
    /// <summary>
    /// Tokenizes a text column (or a pair of columns) into <c>input_ids</c> and <c>attention_mask</c>
    /// variable-size <c>Int64</c> vectors that <c>ApplyOnnxModel</c> can feed to an XLM-R ONNX export.
    /// </summary>
    /// <param name="catalog">The text transforms catalog.</param>
    /// <param name="modelFolder">A model folder holding <c>sentencepiece.bpe.model</c>.</param>
    /// <param name="inputColumnName">The text column.</param>
    /// <param name="textPairColumnName">The second text column of pairs, or null.</param>
    /// <param name="maxSequenceLength">Truncate to this many tokens, special tokens included; null: the tokenizer's limit.</param>
    public static XlmRobertaEstimator TokenizeXlmRoberta(
        this TransformsCatalog.TextTransforms catalog, string modelFolder, string inputColumnName = "Text",
        string? textPairColumnName = null, int? maxSequenceLength = null) =>
        TokenizeXlmRoberta(catalog, new XlmRobertaTokenizerOptions
        {
            ModelFolder = modelFolder,
            InputColumnName = inputColumnName,
            TextPairColumnName = textPairColumnName,
            MaxSequenceLength = maxSequenceLength,
        });

    /// <summary>Tokenizes with all options (see <see cref="XlmRobertaTokenizerOptions"/>).</summary>
    /// <param name="catalog">The text transforms catalog.</param>
    /// <param name="options">The options.</param>
    public static XlmRobertaEstimator TokenizeXlmRoberta(this TransformsCatalog.TextTransforms catalog, XlmRobertaTokenizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        XlmRobertaTransformOptions.Require(options.InputIdsColumnName, nameof(options.InputIdsColumnName));
        XlmRobertaTransformOptions.Require(options.AttentionMaskColumnName, nameof(options.AttentionMaskColumnName));
        string?[] names = [options.InputIdsColumnName, options.AttentionMaskColumnName, options.TokensColumnName];
        RequireAny(names);
        return new XlmRobertaEstimator(options.ToConfig(TaskKind.Tokenize, options.TextPairColumnName, names));
    }

    /// <summary>
    /// Sentence embeddings: a text column to a fixed-size <c>Single</c> vector of the model's hidden size (mean
    /// pooling, not normalized), ready for trainers, clustering and <c>Concatenate</c>.
    /// </summary>
    /// <param name="catalog">The text transforms catalog.</param>
    /// <param name="outputColumnName">The vector column.</param>
    /// <param name="inputColumnName">The text column.</param>
    /// <param name="modelFolder">The model folder.</param>
    public static XlmRobertaEstimator XlmRobertaEmbeddings(
        this TransformsCatalog.TextTransforms catalog, string outputColumnName, string inputColumnName, string modelFolder) =>
        XlmRobertaEmbeddings(catalog, new XlmRobertaEmbeddingsOptions
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            ModelFolder = modelFolder,
        });

    /// <summary>Sentence embeddings with all options (see <see cref="XlmRobertaEmbeddingsOptions"/>).</summary>
    /// <param name="catalog">The text transforms catalog.</param>
    /// <param name="options">The options.</param>
    public static XlmRobertaEstimator XlmRobertaEmbeddings(this TransformsCatalog.TextTransforms catalog, XlmRobertaEmbeddingsOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        XlmRobertaTransformOptions.Require(options.OutputColumnName, nameof(options.OutputColumnName));
        TaskConfig config = options.ToConfig(TaskKind.Embeddings, null, [options.OutputColumnName]);
        return new XlmRobertaEstimator(config with { Pooling = options.Pooling, Normalize = options.Normalize });
    }

    /// <summary>
    /// Sequence classification of a text (or text pair) column with a fine-tuned model: <c>Logits</c>, <c>Score</c>
    /// (softmax; both slot-named by label) and <c>PredictedLabel</c> (the label's name).
    /// </summary>
    /// <param name="catalog">The text transforms catalog.</param>
    /// <param name="modelFolder">A model folder whose <c>config.json</c> has <c>id2label</c>.</param>
    /// <param name="inputColumnName">The text column.</param>
    /// <param name="textPairColumnName">The second text column of pairs, or null.</param>
    public static XlmRobertaEstimator XlmRobertaClassify(
        this TransformsCatalog.TextTransforms catalog, string modelFolder, string inputColumnName = "Text", string? textPairColumnName = null) =>
        XlmRobertaClassify(catalog, new XlmRobertaClassifyOptions
        {
            ModelFolder = modelFolder,
            InputColumnName = inputColumnName,
            TextPairColumnName = textPairColumnName,
        });

    /// <summary>Sequence classification with all options (see <see cref="XlmRobertaClassifyOptions"/>).</summary>
    /// <param name="catalog">The text transforms catalog.</param>
    /// <param name="options">The options.</param>
    public static XlmRobertaEstimator XlmRobertaClassify(this TransformsCatalog.TextTransforms catalog, XlmRobertaClassifyOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        string?[] names = [options.LogitsColumnName, options.ScoreColumnName, options.PredictedLabelColumnName];
        RequireAny(names);
        return new XlmRobertaEstimator(options.ToConfig(TaskKind.SequenceClassification, options.TextPairColumnName, names));
    }

    /// <summary>
    /// Token classification (NER) of a text column: per-token <c>Tokens</c>, <c>TokenLabels</c>, <c>TokenScores</c>,
    /// <c>TokenStarts</c> and <c>TokenEnds</c> (UTF-16 offsets), variable-size vectors including <c>&lt;s&gt;</c>/<c>&lt;/s&gt;</c>.
    /// </summary>
    /// <param name="catalog">The text transforms catalog.</param>
    /// <param name="modelFolder">A token-classification model folder.</param>
    /// <param name="inputColumnName">The text column.</param>
    public static XlmRobertaEstimator XlmRobertaClassifyTokens(
        this TransformsCatalog.TextTransforms catalog, string modelFolder, string inputColumnName = "Text") =>
        XlmRobertaClassifyTokens(catalog, new XlmRobertaTokenClassifyOptions { ModelFolder = modelFolder, InputColumnName = inputColumnName });

    /// <summary>Token classification with all options (see <see cref="XlmRobertaTokenClassifyOptions"/>).</summary>
    /// <param name="catalog">The text transforms catalog.</param>
    /// <param name="options">The options.</param>
    public static XlmRobertaEstimator XlmRobertaClassifyTokens(this TransformsCatalog.TextTransforms catalog, XlmRobertaTokenClassifyOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        string?[] names = [options.TokensColumnName, options.LabelsColumnName, options.ScoresColumnName, options.StartsColumnName, options.EndsColumnName];
        RequireAny(names);
        return new XlmRobertaEstimator(options.ToConfig(TaskKind.TokenClassification, null, names));
    }

    /// <summary>Turns empty names into null (left out); requires at least one, all distinct.</summary>
    private static void RequireAny(string?[] names)
    {
        if (Array.TrueForAll(names, string.IsNullOrEmpty))
        {
            throw new ArgumentException("At least one output column must be named.", nameof(names));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
        {
            if (names[i] == "")
            {
                names[i] = null;
            }
            else if (names[i] is string name && !seen.Add(name))
            {
                throw new ArgumentException($"Two output columns are both named '{name}'.", nameof(names));
            }
        }
    }
}

using Microsoft.ML.XlmRoberta.DataView;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Heads;
using Microsoft.ML.XlmRoberta.ModelFolder;
using Microsoft.ML.XlmRoberta.Tokenization;

namespace Microsoft.ML.XlmRoberta.Classification;

/// <summary>Text (or pair) to logits, softmax probabilities (both slot-named by label) and the predicted label.</summary>
internal sealed class SequenceClassificationMapper : TextBatchMapper
{
    public const int LogitsRole = 0;
    public const int ScoreRole = 1;
    public const int PredictedLabelRole = 2;

    private readonly XlmRobertaSequenceClassifier _classifier;

    /// <param name="encoder">The encoder; the mapper owns it from now on.</param>
    /// <param name="options">The transform's options.</param>
    public SequenceClassificationMapper(XlmRobertaEncoder encoder, ClassifyXlmRobertaOptions options)
        : base(Columns(options, encoder.Config), nameof(ClassifyXlmRobertaTransformer))
    {
        _classifier = new XlmRobertaSequenceClassifier(encoder);
    }

    /// <summary>The output roles for a model configuration.</summary>
    public static OutputColumn[] Columns(ClassifyXlmRobertaOptions options, XlmRobertaConfig config)
    {
        string?[] names = options.RoleNames();
        int labels = config.Labels.Count;
        var slotNames = LabelAnnotations.SlotNames(config.Labels);
        return
        [
            new OutputColumn(names[LogitsRole], OutputKind.SingleVector, labels, slotNames),
            new OutputColumn(names[ScoreRole], OutputKind.SingleVector, labels, slotNames),
            new OutputColumn(names[PredictedLabelRole], OutputKind.Text),
        ];
    }

    protected override void ComputeCore(string[] texts, string[]? pairs, int count, bool[] active, BatchValues values)
    {
        XlmRobertaEncoding[] encodings = _classifier.Encoder.Tokenize(
            new ArraySegment<string>(texts, 0, count), pairs is null ? null : (IReadOnlyList<string?>)new ArraySegment<string>(pairs, 0, count));
        ClassificationResult[] results = _classifier.ClassifyEncodings(encodings);
        var logits = (float[][])values.Columns[LogitsRole];
        var scores = (float[][])values.Columns[ScoreRole];
        var labels = (string[])values.Columns[PredictedLabelRole];
        for (int i = 0; i < count; i++)
        {
            logits[i] = results[i].Logits;
            scores[i] = results[i].Probabilities;
            labels[i] = results[i].Label;
        }
    }

    protected override void Release() => _classifier.Encoder.Dispose();
}

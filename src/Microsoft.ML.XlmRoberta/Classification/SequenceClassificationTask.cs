using Microsoft.ML.XlmRoberta.DataView;
using Microsoft.ML.XlmRoberta.Engine;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Heads;
using Microsoft.ML.XlmRoberta.Tokenization;

namespace Microsoft.ML.XlmRoberta.Classification;

/// <summary>Text (or pair) to logits, softmax probabilities (both slot-named by label) and the predicted label.</summary>
internal sealed class SequenceClassificationTask : XlmRobertaTask
{
    public const int LogitsRole = 0;
    public const int ScoreRole = 1;
    public const int PredictedLabelRole = 2;

    private readonly XlmRobertaSequenceClassifier classifier;

    public SequenceClassificationTask(TaskConfig config)
        : base(config)
    {
        classifier = new XlmRobertaSequenceClassifier(EncoderLoader.Encoder(config));
        int labels = classifier.Labels.Count;
        var slotNames = LabelAnnotations.SlotNames(classifier.Labels);
        Outputs =
        [
            new OutputColumn(NameOf(LogitsRole, "Logits"), OutputKind.SingleVector, labels, slotNames),
            new OutputColumn(NameOf(ScoreRole, "Score"), OutputKind.SingleVector, labels, slotNames),
            new OutputColumn(NameOf(PredictedLabelRole, "PredictedLabel"), OutputKind.Text),
        ];
    }

    public override IReadOnlyList<OutputColumn> Outputs { get; }

    public override void Compute(string[] texts, string[]? pairs, int count, bool[] active, BatchValues values)
    {
        if (!Any(active) || count == 0)
        {
            return;
        }

        XlmRobertaEncoder encoder = classifier.Encoder;
        XlmRobertaEncoding[] encodings = encoder.Tokenize(
            new ArraySegment<string>(texts, 0, count), pairs is null ? null : (IReadOnlyList<string?>)new ArraySegment<string>(pairs, 0, count));

        ClassificationResult[] results = classifier.ClassifyEncodings(encodings);
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
}

using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.ModelFolder;

namespace Microsoft.ML.XlmRoberta.Heads;

/// <summary>Collects one logits row per input and turns it into labels and probabilities.</summary>
internal sealed class SequenceClassificationSink(int inputs, IReadOnlyList<string> labels, string onnxPath, string outputName) : SegmentSink
{
    private readonly ClassificationResult?[] _results = new ClassificationResult?[inputs];

    public override void Accept(in Segment segment, ReadOnlySpan<float> row, int width)
    {
        if (width != labels.Count)
        {
            throw new XlmRobertaModelException(
                $"'{onnxPath}': output '{outputName}' has {width} logits but config.json's id2label has {labels.Count} labels.", onnxPath, $"output '{outputName}'");
        }

        float[] logits = row.ToArray();
        var probabilities = new float[width];
        Softmax.Compute(logits, probabilities);
        int best = Softmax.ArgMax(logits);
        _results[segment.Input] = new ClassificationResult(logits, probabilities, best, labels[best]);
    }

    public ClassificationResult[] Complete()
    {
        var complete = new ClassificationResult[_results.Length];
        for (int i = 0; i < complete.Length; i++)
        {
            complete[i] = _results[i] ?? throw new InvalidOperationException($"Input {i} produced no output.");
        }

        return complete;
    }
}

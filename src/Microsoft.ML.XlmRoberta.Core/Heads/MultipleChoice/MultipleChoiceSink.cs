using Microsoft.ML.XlmRoberta.Encoder;

namespace Microsoft.ML.XlmRoberta.Heads;

/// <summary>Collects one logits row (one logit per choice) per prompt and turns it into probabilities and a label.</summary>
internal sealed class MultipleChoiceSink(int inputs) : SegmentSink
{
    private readonly MultipleChoiceResult?[] _results = new MultipleChoiceResult?[inputs];

    public override void Accept(in Segment segment, ReadOnlySpan<float> row, int width)
    {
        float[] logits = row.ToArray();
        var probabilities = new float[width];
        Softmax.Compute(logits, probabilities);
        _results[segment.Input] = new MultipleChoiceResult(logits, probabilities, Softmax.ArgMax(logits));
    }

    public MultipleChoiceResult[] Complete()
    {
        var complete = new MultipleChoiceResult[_results.Length];
        for (int i = 0; i < complete.Length; i++)
        {
            complete[i] = _results[i] ?? throw new InvalidOperationException($"Input {i} produced no output.");
        }

        return complete;
    }
}

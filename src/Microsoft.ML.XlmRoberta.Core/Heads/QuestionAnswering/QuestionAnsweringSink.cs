using Microsoft.ML.XlmRoberta.Encoder;

namespace Microsoft.ML.XlmRoberta.Heads;

/// <summary>Stores each window's start logits (output 0) and end logits (output 1), padding excluded.</summary>
internal sealed class QuestionAnsweringSink(IReadOnlyList<QuestionAnsweringWindow> windows) : SegmentSink
{
    public override void Accept(in Segment segment, ReadOnlySpan<float> row, int width) => Accept(segment, 0, row, width);

    public override void Accept(in Segment segment, int output, ReadOnlySpan<float> row, int width)
    {
        QuestionAnsweringWindow window = windows[segment.Input];
        float[] logits = row[..segment.Length].ToArray();
        if (output == 0)
        {
            window.StartLogits = logits;
        }
        else
        {
            window.EndLogits = logits;
        }
    }
}

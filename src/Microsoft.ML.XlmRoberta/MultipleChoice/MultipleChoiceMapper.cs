using Microsoft.ML.XlmRoberta.DataView;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Heads;

namespace Microsoft.ML.XlmRoberta.MultipleChoice;

/// <summary>A prompt and its choices to a logit and a probability per choice and the predicted choice's index.</summary>
internal sealed class MultipleChoiceMapper : TextBatchMapper
{
    public const int LogitsRole = 0;
    public const int ScoreRole = 1;
    public const int PredictedIndexRole = 2;

    private readonly XlmRobertaMultipleChoice _head;

    /// <param name="encoder">A multiple-choice encoder; the mapper owns it from now on.</param>
    /// <param name="options">The transform's options.</param>
    public MultipleChoiceMapper(XlmRobertaEncoder encoder, ChooseXlmRobertaOptions options)
        : base(Columns(options), nameof(ChooseXlmRobertaTransformer))
    {
        _head = new XlmRobertaMultipleChoice(encoder);
    }

    /// <summary>The output roles.</summary>
    public static OutputColumn[] Columns(ChooseXlmRobertaOptions options)
    {
        string?[] names = options.RoleNames();
        return
        [
            new OutputColumn(names[LogitsRole], OutputKind.SingleVector),
            new OutputColumn(names[ScoreRole], OutputKind.SingleVector),
            new OutputColumn(names[PredictedIndexRole], OutputKind.Int32),
        ];
    }

    protected override void ComputeCore(string[] texts, string[]? pairs, int count, bool[] active, BatchValues values) =>
        throw new NotSupportedException("Multiple choice reads a vector of choices per row.");

    protected override void ComputeCore(string[] texts, string[][] pairLists, int count, bool[] active, BatchValues values)
    {
        var inputs = new (string Prompt, IReadOnlyList<string> Choices)[count];
        for (int i = 0; i < count; i++)
        {
            inputs[i] = (texts[i], pairLists[i]);
        }

        MultipleChoiceResult[] results = _head.Choose(inputs);
        var logits = (float[][])values.Columns[LogitsRole];
        var scores = (float[][])values.Columns[ScoreRole];
        var labels = (int[])values.Columns[PredictedIndexRole];
        for (int i = 0; i < count; i++)
        {
            logits[i] = results[i].Logits;
            scores[i] = results[i].Probabilities;
            labels[i] = results[i].Label;
        }
    }

    protected override void Release() => _head.Encoder.Dispose();
}

using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.ModelFolder;
using Microsoft.ML.XlmRoberta.Tokenization;

namespace Microsoft.ML.XlmRoberta.Heads;

/// <summary>
/// Sequence classification (Hugging Face's text-classification pipeline with softmax): single texts or pairs.
/// Thread-safe.
/// </summary>
public sealed class XlmRobertaSequenceClassifier
{
    private readonly string _outputName;

    /// <summary>Creates the classifier over a loaded encoder (which the caller keeps owning).</summary>
    /// <param name="encoder">An encoder whose graph outputs <c>logits</c> of shape <c>[batch, labels]</c>.</param>
    /// <exception cref="XlmRobertaModelException">
    /// config.json has no <c>id2label</c>, or the graph has no <c>[batch, labels]</c> output with one logit per label.
    /// </exception>
    /// <exception cref="NotSupportedException">The encoder uses <see cref="LongInputMode.SlidingWindow"/>.</exception>
    public XlmRobertaSequenceClassifier(XlmRobertaEncoder encoder)
    {
        Encoder = encoder ?? throw new ArgumentNullException(nameof(encoder));
        if (encoder.Config.Labels.Count == 0)
        {
            throw new XlmRobertaModelException(
                $"'{encoder.Config.Path}' has no id2label; it is not a sequence classification model.{encoder.Config.TaskHint("text-classification")}", encoder.Config.Path, "id2label");
        }

        if (encoder.Options.LongInputMode == LongInputMode.SlidingWindow)
        {
            throw new NotSupportedException("Sequence classification reads one logits row per sequence; use Truncate or Throw for long inputs.");
        }

        int labels = encoder.Config.Labels.Count;
        _outputName = encoder.SelectOutput("text-classification", 2, labels, $"{labels} logits per sequence, one per id2label label in '{encoder.Config.Path}'", "logits");
    }

    /// <summary>The encoder this classifier runs.</summary>
    public XlmRobertaEncoder Encoder { get; }

    /// <summary>The labels, indexed by id.</summary>
    public IReadOnlyList<string> Labels => Encoder.Config.Labels;

    /// <summary>Classifies texts; results are in input order.</summary>
    /// <param name="texts">The texts.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    public ClassificationResult[] Classify(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return Run(Encoder.SegmentTexts(texts), texts.Count, cancellationToken);
    }

    /// <summary>Classifies text pairs (<c>&lt;s&gt; a &lt;/s&gt;&lt;/s&gt; b &lt;/s&gt;</c>); results are in input order.</summary>
    /// <param name="pairs">The pairs.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    public ClassificationResult[] ClassifyPairs(IReadOnlyList<(string Text, string TextPair)> pairs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var texts = new string[pairs.Count];
        var textPairs = new string?[pairs.Count];
        for (int i = 0; i < texts.Length; i++)
        {
            (texts[i], textPairs[i]) = pairs[i];
        }

        return Run(Encoder.SegmentTexts(texts, textPairs), texts.Length, cancellationToken);
    }

    /// <summary>Classifies already tokenized inputs; results are in input order.</summary>
    /// <param name="inputIds">One id list per input, special tokens included.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    public ClassificationResult[] ClassifyIds(IReadOnlyList<IReadOnlyList<int>> inputIds, CancellationToken cancellationToken = default) =>
        Run(Encoder.Segment(InputConversion.ToArrays(inputIds)), inputIds.Count, cancellationToken);

    /// <summary>Classifies tokenizer encodings; results are in input order.</summary>
    /// <param name="encodings">The encodings.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    public ClassificationResult[] ClassifyEncodings(IReadOnlyList<XlmRobertaEncoding> encodings, CancellationToken cancellationToken = default) =>
        Run(Encoder.Segment(encodings), encodings.Count, cancellationToken);

    private ClassificationResult[] Run(List<Segment> segments, int count, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return [];
        }

        var sink = new SequenceClassificationSink(count, Labels, Encoder.Folder.OnnxPath, _outputName);
        Encoder.Run(segments, _outputName, sink, cancellationToken);
        return sink.Complete();
    }
}

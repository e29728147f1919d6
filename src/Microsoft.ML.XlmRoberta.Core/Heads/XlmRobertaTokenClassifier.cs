using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.ModelFolder;
using Microsoft.ML.XlmRoberta.Tokenization;

namespace Microsoft.ML.XlmRoberta.Heads;

/// <summary>
/// Token classification (Hugging Face's token-classification / NER pipeline): per-token labels and scores plus
/// word-level aggregation with character offsets. Long inputs in sliding-window mode take each token from the
/// window where it is most central. Thread-safe.
/// </summary>
public sealed class XlmRobertaTokenClassifier
{
    private static readonly string[] DefaultIgnoreLabels = ["O"];
    private readonly string _outputName;

    /// <summary>Creates the classifier over a loaded encoder (which the caller keeps owning).</summary>
    /// <param name="encoder">An encoder whose graph outputs <c>logits</c> of shape <c>[batch, sequence, labels]</c>.</param>
    /// <exception cref="XlmRobertaModelException">
    /// config.json has no <c>id2label</c>, or the graph has no <c>[batch, sequence, labels]</c> output with one logit per label.
    /// </exception>
    public XlmRobertaTokenClassifier(XlmRobertaEncoder encoder)
    {
        Encoder = encoder ?? throw new ArgumentNullException(nameof(encoder));
        if (encoder.Config.Labels.Count == 0)
        {
            throw new XlmRobertaModelException(
                $"'{encoder.Config.Path}' has no id2label; it is not a token classification model.{encoder.Config.TaskHint("token-classification")}", encoder.Config.Path, "id2label");
        }

        int labels = encoder.Config.Labels.Count;
        _outputName = encoder.SelectOutput("token-classification", 3, labels, $"{labels} logits per token, one per id2label label in '{encoder.Config.Path}'", "logits");
    }

    /// <summary>The encoder this classifier runs.</summary>
    public XlmRobertaEncoder Encoder { get; }

    /// <summary>The labels, indexed by id.</summary>
    public IReadOnlyList<string> Labels => Encoder.Config.Labels;

    /// <summary>Classifies the tokens of texts and aggregates them; results are in input order.</summary>
    /// <param name="texts">The texts.</param>
    /// <param name="aggregation">The word-level aggregation for <see cref="TokenClassificationResult.Entities"/>.</param>
    /// <param name="ignoreLabels">Labels left out of the entities; <see langword="null"/> means <c>["O"]</c>, as in Hugging Face.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    public TokenClassificationResult[] Predict(
        IReadOnlyList<string> texts, AggregationStrategy aggregation = AggregationStrategy.None,
        IReadOnlyCollection<string>? ignoreLabels = null, CancellationToken cancellationToken = default)
    {
        return PredictEncodings(Encoder.Tokenize(texts), texts, aggregation, ignoreLabels, cancellationToken);
    }

    /// <summary>Classifies the tokens of tokenizer encodings of <paramref name="texts"/> and aggregates them.</summary>
    /// <param name="encodings">The encodings (not truncated further unless longer than the model's limit).</param>
    /// <param name="texts">The texts the encodings' offsets refer to.</param>
    /// <param name="aggregation">The word-level aggregation.</param>
    /// <param name="ignoreLabels">Labels left out of the entities; <see langword="null"/> means <c>["O"]</c>.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    public TokenClassificationResult[] PredictEncodings(
        IReadOnlyList<XlmRobertaEncoding> encodings, IReadOnlyList<string> texts, AggregationStrategy aggregation = AggregationStrategy.None,
        IReadOnlyCollection<string>? ignoreLabels = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(encodings);
        ArgumentNullException.ThrowIfNull(texts);
        if (encodings.Count != texts.Count)
        {
            throw new ArgumentException($"{encodings.Count} encodings but {texts.Count} texts.", nameof(texts));
        }

        float[][] logits = Run(Encoder.Segment(encodings), encodings.Count, cancellationToken);
        XlmRobertaTokenizer tokenizer = Encoder.Tokenizer;
        IReadOnlyCollection<string> ignore = ignoreLabels ?? DefaultIgnoreLabels;
        var results = new TokenClassificationResult[encodings.Count];
        for (int i = 0; i < results.Length; i++)
        {
            XlmRobertaEncoding e = encodings[i];
            int count = logits[i].Length / Labels.Count;
            var tokens = new TokenPrediction[count];
            for (int t = 0; t < count; t++)
            {
                int id = e.Ids[t];
                TokenOffset offset = e.Offsets[t];
                bool special = e.SequenceIds[t] < 0 || id == tokenizer.BosTokenId || id == tokenizer.EosTokenId
                    || id == tokenizer.PadTokenId || id == tokenizer.MaskTokenId
                    || (id == tokenizer.UnknownTokenId && texts[i].AsSpan(offset.Start, offset.End - offset.Start).SequenceEqual("<unk>"));
                tokens[t] = new TokenPrediction(t, id, e.Tokens[t], offset.Start, offset.End, special, Probabilities(logits[i], t), Labels);
            }

            results[i] = new TokenClassificationResult(
                tokens, EntityAggregator.Aggregate(texts[i], tokens, Labels, tokenizer.UnknownTokenId, aggregation, ignore));
        }

        return results;
    }

    /// <summary>
    /// Classifies the tokens of already tokenized inputs (no text, so no entities); results are in input order.
    /// </summary>
    /// <param name="inputIds">One id list per input, special tokens included.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    public TokenClassificationResult[] PredictIds(IReadOnlyList<IReadOnlyList<int>> inputIds, CancellationToken cancellationToken = default)
    {
        int[][] ids = InputConversion.ToArrays(inputIds);
        float[][] logits = Run(Encoder.Segment(ids), ids.Length, cancellationToken);
        var results = new TokenClassificationResult[ids.Length];
        for (int i = 0; i < results.Length; i++)
        {
            int count = logits[i].Length / Labels.Count;
            var tokens = new TokenPrediction[count];
            for (int t = 0; t < count; t++)
            {
                tokens[t] = new TokenPrediction(t, ids[i][t], null, null, null, t == 0 || t == count - 1, Probabilities(logits[i], t), Labels);
            }

            results[i] = new TokenClassificationResult(tokens, []);
        }

        return results;
    }

    private float[] Probabilities(float[] logits, int token)
    {
        int width = Labels.Count;
        var probabilities = new float[width];
        Softmax.Compute(logits.AsSpan(token * width, width), probabilities);
        return probabilities;
    }

    private float[][] Run(List<Segment> segments, int count, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return [];
        }

        var sink = new RawOutputSink(count, _outputName, Labels.Count, Encoder.Folder.OnnxPath);
        Encoder.Run(segments, _outputName, sink, cancellationToken);
        return sink.Complete();
    }
}

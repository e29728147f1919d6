using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.ModelFolder;
using Microsoft.ML.XlmRoberta.Tokenization;

namespace Microsoft.ML.XlmRoberta.Heads;

/// <summary>Fill-mask (Hugging Face's fill-mask pipeline): the top-k tokens for every <c>&lt;mask&gt;</c>. Thread-safe.</summary>
public sealed class XlmRobertaFillMask
{
    private readonly string _outputName;
    private readonly int? _maskTokenId;

    /// <summary>Creates the fill-mask head over a loaded encoder (which the caller keeps owning).</summary>
    /// <param name="encoder">An encoder whose graph outputs MLM <c>logits</c> of shape <c>[batch, sequence, vocab]</c>.</param>
    /// <param name="maskTokenId">The mask id; <see langword="null"/> takes it from the tokenizer.</param>
    /// <exception cref="XlmRobertaModelException">The graph has no per-token output with one logit per vocabulary id.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maskTokenId"/> is outside the vocabulary.</exception>
    public XlmRobertaFillMask(XlmRobertaEncoder encoder, int? maskTokenId = null)
    {
        Encoder = encoder ?? throw new ArgumentNullException(nameof(encoder));
        int vocabulary = encoder.VocabularySize;
        if (maskTokenId is int id)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(id, nameof(maskTokenId));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(id, vocabulary, nameof(maskTokenId));
        }

        _maskTokenId = maskTokenId;
        string source = encoder.Config.VocabularySize is null ? $"the vocabulary of '{encoder.Folder.TokenizerPath}'" : $"vocab_size in '{encoder.Config.Path}'";
        _outputName = encoder.SelectOutput("fill-mask", 3, vocabulary, $"{vocabulary} logits per token ({source})", "logits");
    }

    /// <summary>The encoder this head runs.</summary>
    public XlmRobertaEncoder Encoder { get; }

    /// <summary>Predicts every mask of every text; per input, one prediction per mask in position order.</summary>
    /// <param name="texts">Texts containing <c>&lt;mask&gt;</c>.</param>
    /// <param name="topK">Candidates per mask (Hugging Face's default is 5).</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    public IReadOnlyList<MaskPrediction>[] Predict(IReadOnlyList<string> texts, int topK = 5, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return Run(Encoder.SegmentTexts(texts), texts.Count, topK, cancellationToken);
    }

    /// <summary>Predicts every mask of already tokenized inputs; per input, one prediction per mask in position order.</summary>
    /// <param name="inputIds">One id list per input, special tokens included.</param>
    /// <param name="topK">Candidates per mask.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    public IReadOnlyList<MaskPrediction>[] PredictIds(IReadOnlyList<IReadOnlyList<int>> inputIds, int topK = 5, CancellationToken cancellationToken = default) =>
        Run(Encoder.Segment(InputConversion.ToArrays(inputIds)), inputIds.Count, topK, cancellationToken);

    private IReadOnlyList<MaskPrediction>[] Run(List<Segment> segments, int count, int topK, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(topK, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(topK, 1024);
        if (count == 0)
        {
            return [];
        }

        int mask = _maskTokenId ?? Encoder.Tokenizer.MaskTokenId;
        var sink = new FillMaskSink(count, mask, topK, Encoder.Config.VocabularySize, Encoder.Folder.OnnxPath, _outputName);
        Encoder.Run(segments, _outputName, sink, cancellationToken);
        return NameTokens(sink.Complete());
    }

    private IReadOnlyList<MaskPrediction>[] NameTokens(IReadOnlyList<MaskPrediction>[] results)
    {
        XlmRobertaTokenizer tokenizer = Encoder.Tokenizer;
        for (int i = 0; i < results.Length; i++)
        {
            var named = new MaskPrediction[results[i].Count];
            for (int m = 0; m < named.Length; m++)
            {
                MaskPrediction p = results[i][m];
                var candidates = new MaskCandidate[p.Candidates.Count];
                for (int c = 0; c < candidates.Length; c++)
                {
                    candidates[c] = p.Candidates[c] with { Token = tokenizer.IdToToken(p.Candidates[c].TokenId) };
                }

                named[m] = new MaskPrediction(p.Position, candidates);
            }

            results[i] = named;
        }

        return results;
    }
}

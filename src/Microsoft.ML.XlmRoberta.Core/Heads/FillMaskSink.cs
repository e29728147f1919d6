using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.ModelFolder;

namespace Microsoft.ML.XlmRoberta.Heads;

/// <summary>
/// Turns the MLM logits at every mask position into top-k candidates. Only mask rows are read; with windows each
/// mask takes the window where it is most central.
/// </summary>
internal sealed class FillMaskSink(int inputs, int maskTokenId, int topK, int? vocabularySize, string onnxPath, string outputName) : SegmentSink
{
    private readonly SortedDictionary<int, (int Centrality, int Window, MaskPrediction Prediction)>?[] _masks =
        new SortedDictionary<int, (int, int, MaskPrediction)>?[inputs];

    public override void Accept(in Segment segment, ReadOnlySpan<float> row, int width)
    {
        if (vocabularySize is int v && width != v)
        {
            throw new XlmRobertaModelException(
                $"'{onnxPath}': output '{outputName}' has {width} logits per token but config.json says vocab_size {v}.", onnxPath, $"output '{outputName}'");
        }

        SortedDictionary<int, (int Centrality, int Window, MaskPrediction Prediction)> found = _masks[segment.Input] ??= [];
        Span<int> best = stackalloc int[topK];
        for (int j = 0; j < segment.Length; j++)
        {
            if (segment.Ids[j] != maskTokenId)
            {
                continue;
            }

            int position = segment.ToInputPosition(j);
            int centrality = segment.Centrality(j);
            if (found.TryGetValue(position, out var existing)
                && (existing.Centrality > centrality || (existing.Centrality == centrality && existing.Window < segment.Window)))
            {
                continue;
            }

            ReadOnlySpan<float> logits = row.Slice(j * width, width);
            float logSumExp = Softmax.LogSumExp(logits);
            int count = TopK.Select(logits, best);
            var candidates = new MaskCandidate[count];
            for (int c = 0; c < count; c++)
            {
                float logit = logits[best[c]];
                candidates[c] = new MaskCandidate(best[c], null, MathF.Exp(logit - logSumExp), logit);
            }

            found[position] = (centrality, segment.Window, new MaskPrediction(position, candidates));
        }
    }

    public IReadOnlyList<MaskPrediction>[] Complete()
    {
        var results = new IReadOnlyList<MaskPrediction>[_masks.Length];
        for (int i = 0; i < results.Length; i++)
        {
            var list = new List<MaskPrediction>();
            if (_masks[i] is { } found)
            {
                foreach ((int Centrality, int Window, MaskPrediction Prediction) entry in found.Values)
                {
                    list.Add(entry.Prediction);
                }
            }

            results[i] = list;
        }

        return results;
    }
}

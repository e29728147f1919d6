using System.Text;

namespace Microsoft.ML.XlmRoberta.Heads;

/// <summary>
/// A port of transformers 4.28 <c>TokenClassificationPipeline.postprocess</c> (<c>gather_pre_entities</c>,
/// <c>aggregate</c>, <c>aggregate_words</c>, <c>group_entities</c>) for SentencePiece tokens. Words are decoded the
/// way the fast XLM-R tokenizer's Metaspace decoder does (<c>▁</c> becomes a space, except in the first piece).
/// </summary>
internal static class EntityAggregator
{
    private const char Metaspace = '\u2581';

    private readonly record struct PreEntity(string Word, float[] Scores, int Start, int End, int Index, bool IsSubword);

    private readonly record struct WordEntity(string Entity, float Score, string Word, int Start, int End, int? Index);

    public static List<TokenEntity> Aggregate(
        string text, IReadOnlyList<TokenPrediction> tokens, IReadOnlyList<string> labels, int unknownTokenId,
        AggregationStrategy strategy, IReadOnlyCollection<string> ignoreLabels)
    {
        List<PreEntity> pre = Gather(text, tokens, unknownTokenId);
        List<WordEntity> entities = strategy is AggregationStrategy.None or AggregationStrategy.Simple
            ? PerToken(pre, labels)
            : AggregateWords(pre, labels, strategy);
        var result = new List<TokenEntity>();
        if (strategy == AggregationStrategy.None)
        {
            foreach (WordEntity e in entities)
            {
                if (!ignoreLabels.Contains(e.Entity))
                {
                    result.Add(new TokenEntity(e.Entity, e.Score, e.Word, e.Start, e.End, e.Index));
                }
            }

            return result;
        }

        foreach (TokenEntity group in GroupEntities(entities))
        {
            if (!ignoreLabels.Contains(group.Label))
            {
                result.Add(group);
            }
        }

        return result;
    }

    private static List<PreEntity> Gather(string text, IReadOnlyList<TokenPrediction> tokens, int unknownTokenId)
    {
        var pre = new List<PreEntity>(tokens.Count);
        bool first = true;
        foreach (TokenPrediction token in tokens)
        {
            if (token.IsSpecial)
            {
                continue;
            }

            int start = token.Start ?? 0;
            int end = token.End ?? start;
            string word = token.Token ?? string.Empty;
            bool isSubword = !first && (word.Length == 0 || word[0] != Metaspace);
            if (token.TokenId == unknownTokenId)
            {
                word = text[start..end];
                isSubword = false;
            }

            pre.Add(new PreEntity(word, token.Probabilities, start, end, token.Index, isSubword));
            first = false;
        }

        return pre;
    }

    private static List<WordEntity> PerToken(List<PreEntity> pre, IReadOnlyList<string> labels)
    {
        var entities = new List<WordEntity>(pre.Count);
        foreach (PreEntity p in pre)
        {
            int id = Softmax.ArgMax(p.Scores);
            entities.Add(new WordEntity(labels[id], p.Scores[id], p.Word, p.Start, p.End, p.Index));
        }

        return entities;
    }

    private static List<WordEntity> AggregateWords(List<PreEntity> pre, IReadOnlyList<string> labels, AggregationStrategy strategy)
    {
        var words = new List<WordEntity>();
        int groupStart = 0;
        for (int i = 1; i <= pre.Count; i++)
        {
            if (i == pre.Count || !pre[i].IsSubword)
            {
                if (i > groupStart)
                {
                    words.Add(AggregateWord(pre, groupStart, i, labels, strategy));
                }

                groupStart = i;
            }
        }

        return words;
    }

    private static WordEntity AggregateWord(List<PreEntity> pre, int from, int to, IReadOnlyList<string> labels, AggregationStrategy strategy)
    {
        var pieces = new string[to - from];
        for (int i = from; i < to; i++)
        {
            pieces[i - from] = pre[i].Word;
        }

        float[] scores;
        if (strategy == AggregationStrategy.First)
        {
            scores = pre[from].Scores;
        }
        else if (strategy == AggregationStrategy.Max)
        {
            // Python's max() keeps the first of equal maxima.
            int best = from;
            for (int i = from + 1; i < to; i++)
            {
                if (Max(pre[i].Scores) > Max(pre[best].Scores))
                {
                    best = i;
                }
            }

            scores = pre[best].Scores;
        }
        else
        {
            scores = new float[labels.Count];
            for (int i = from; i < to; i++)
            {
                for (int l = 0; l < scores.Length; l++)
                {
                    scores[l] += pre[i].Scores[l];
                }
            }

            for (int l = 0; l < scores.Length; l++)
            {
                scores[l] /= to - from;
            }
        }

        int id = Softmax.ArgMax(scores);
        return new WordEntity(labels[id], scores[id], Decode(pieces), pre[from].Start, pre[to - 1].End, null);
    }

    private static List<TokenEntity> GroupEntities(List<WordEntity> entities)
    {
        var groups = new List<TokenEntity>();
        int start = 0;
        for (int i = 1; i <= entities.Count; i++)
        {
            if (i < entities.Count)
            {
                (string bi, string tag) = GetTag(entities[i].Entity);
                (_, string lastTag) = GetTag(entities[i - 1].Entity);
                if (tag == lastTag && bi != "B")
                {
                    continue;
                }
            }

            if (i > start)
            {
                groups.Add(GroupSubEntities(entities, start, i));
            }

            start = i;
        }

        return groups;
    }

    private static TokenEntity GroupSubEntities(List<WordEntity> entities, int from, int to)
    {
        string label = entities[from].Entity;
        int dash = label.LastIndexOf('-');
        string group = dash < 0 ? label : label[(dash + 1)..];
        double sum = 0;
        var words = new string[to - from];
        for (int i = from; i < to; i++)
        {
            sum += entities[i].Score;
            words[i - from] = entities[i].Word;
        }

        return new TokenEntity(group, (float)(sum / (to - from)), Decode(words), entities[from].Start, entities[to - 1].End, null);
    }

    private static (string Bi, string Tag) GetTag(string entity) =>
        entity.StartsWith("B-", StringComparison.Ordinal) ? ("B", entity[2..])
        : entity.StartsWith("I-", StringComparison.Ordinal) ? ("I", entity[2..])
        : ("I", entity);

    private static float Max(float[] scores)
    {
        float max = float.NegativeInfinity;
        foreach (float s in scores)
        {
            max = Math.Max(max, s);
        }

        return max;
    }

    /// <summary>The Metaspace decoder: <c>▁</c> → space, dropped in the first piece; pieces are concatenated.</summary>
    internal static string Decode(IReadOnlyList<string> pieces)
    {
        var builder = new StringBuilder();
        for (int i = 0; i < pieces.Count; i++)
        {
            foreach (char c in pieces[i])
            {
                if (c != Metaspace)
                {
                    builder.Append(c);
                }
                else if (i > 0)
                {
                    builder.Append(' ');
                }
            }
        }

        return builder.ToString();
    }
}

using System.Text.Json;
using Microsoft.ML.XlmRoberta.Heads;
using Microsoft.ML.XlmRoberta.Tests.TestData;

namespace Microsoft.ML.XlmRoberta.Tests.Heads;

/// <summary>
/// Word-level aggregation (Hugging Face TokenClassificationPipeline semantics) checked on every e2e token-classification
/// text: labels and scores come from the fixture's logits, tokens and offsets from tokenizer/cases.jsonl.
/// </summary>
[TestClass]
public sealed class EntityAggregationTests
{
    private sealed record Unit(string Label, float Score, int Start, int End, string Word);

    private static readonly Lazy<(string Text, TokenClassificationResult Result, JsonElement Fixture, JsonElement Tokens)[]> Cases = new(() =>
    {
        var tokenCases = new Dictionary<string, JsonElement>();
        foreach (JsonElement c in TestSupport.SharedFixtures.ReadJsonLines("fixtures/tokenizer/cases.jsonl"))
        {
            tokenCases.TryAdd(c.GetProperty("text").GetString()!, c);
        }

        IReadOnlyList<JsonElement> fixtures = Models.E2e("token-classification");
        var classifier = new XlmRobertaTokenClassifier(Models.Shared("token-classification"));
        var result = new List<(string, TokenClassificationResult, JsonElement, JsonElement)>();
        foreach (JsonElement f in fixtures)
        {
            string text = f.GetProperty("text").GetString()!;
            if (tokenCases.TryGetValue(text, out JsonElement tokens) && Models.Ints(tokens.GetProperty("ids")).SequenceEqual(Models.Ints(f.GetProperty("ids"))))
            {
                result.Add((text, classifier.Predict([text])[0], f, tokens));
            }
        }

        Assert.IsGreaterThan(50, result.Count);
        return [.. result];
    });

    [TestMethod]
    public void TokensCarryFixtureTokensOffsetsAndLabels()
    {
        foreach ((string text, TokenClassificationResult result, JsonElement fixture, JsonElement tokens) in Cases.Value)
        {
            string[] pieces = Models.Strings(tokens.GetProperty("tokens"));
            JsonElement[] offsets = [.. tokens.GetProperty("offsets").EnumerateArray()];
            string[] labels = Models.Strings(fixture.GetProperty("labels"));
            for (int t = 0; t < pieces.Length; t++)
            {
                TokenPrediction p = result.Tokens[t];
                Assert.AreEqual(pieces[t], p.Token, text);
                Assert.AreEqual(offsets[t][0].GetInt32(), p.Start, text);
                Assert.AreEqual(offsets[t][1].GetInt32(), p.End, text);
                Assert.AreEqual(labels[t], p.Label, text);
            }

            Assert.IsTrue(result.Tokens[0].IsSpecial && result.Tokens[^1].IsSpecial);
        }
    }

    [TestMethod]
    public void NoneListsEveryNonSpecialTokenNotLabelledO()
    {
        foreach ((string text, TokenClassificationResult result, _, _) in Cases.Value)
        {
            List<TokenEntity> expected = [.. result.Tokens.Where(t => !t.IsSpecial && t.Label != "O")
                .Select(t => new TokenEntity(t.Label, t.Score, t.TokenId == 3 ? text[t.Start!.Value..t.End!.Value] : t.Token!, t.Start!.Value, t.End!.Value, t.Index))];
            CollectionAssert.AreEqual(expected, Aggregate(text, result, AggregationStrategy.None, ["O"]).ToList(), text);
        }
    }

    [TestMethod]
    [DataRow(AggregationStrategy.Simple)]
    [DataRow(AggregationStrategy.First)]
    [DataRow(AggregationStrategy.Average)]
    [DataRow(AggregationStrategy.Max)]
    public void GroupsFollowTheBioRulesOverTokensOrWords(AggregationStrategy strategy)
    {
        foreach ((string text, TokenClassificationResult result, _, _) in Cases.Value)
        {
            List<Unit> units = strategy == AggregationStrategy.Simple ? TokenUnits(text, result) : WordUnits(text, result, strategy);
            IReadOnlyList<TokenEntity> groups = Aggregate(text, result, strategy, []);
            int u = 0;
            foreach (TokenEntity group in groups)
            {
                int first = u;
                Assert.AreEqual(units[u].Start, group.Start, text);
                while (u + 1 < units.Count && SameGroup(units[u], units[u + 1]))
                {
                    u++;
                }

                Assert.AreEqual(units[u].End, group.End, text);
                string label = units[first].Label;
                Assert.AreEqual(label[(label.LastIndexOf('-') + 1)..], group.Label, text);
                Assert.AreEqual(units.Skip(first).Take(u - first + 1).Average(x => x.Score), group.Score, 1e-5f, text);
                string expectedWord = strategy == AggregationStrategy.Simple
                    ? EntityAggregator.Decode([.. units.Skip(first).Take(u - first + 1).Select(x => x.Word)])
                    : string.Concat(units.Skip(first).Take(u - first + 1).Select(x => x.Word));
                Assert.AreEqual(expectedWord, group.Word, text);
                Assert.IsNull(group.Index);
                u++;
            }

            Assert.AreEqual(units.Count, u, $"every unit grouped: {text}");
            Assert.IsFalse(Aggregate(text, result, strategy, ["O"]).Any(g => g.Label == "O"));
        }
    }

    private static IReadOnlyList<TokenEntity> Aggregate(string text, TokenClassificationResult result, AggregationStrategy strategy, string[] ignore) =>
        EntityAggregator.Aggregate(text, result.Tokens, Models.Shared("token-classification").Config.Labels, 3, strategy, ignore);

    private static bool SameGroup(Unit previous, Unit next)
    {
        static (string Bi, string Tag) Tag(string l) => l.StartsWith("B-") ? ("B", l[2..]) : l.StartsWith("I-") ? ("I", l[2..]) : ("I", l);
        return Tag(next.Label).Tag == Tag(previous.Label).Tag && Tag(next.Label).Bi != "B";
    }

    private static List<Unit> TokenUnits(string text, TokenClassificationResult result) =>
        [.. result.Tokens.Where(t => !t.IsSpecial).Select(t => new Unit(t.Label, t.Score, t.Start!.Value, t.End!.Value, t.TokenId == 3 ? text[t.Start.Value..t.End.Value] : t.Token!))];

    /// <summary>Words: a ▁-prefixed piece (or an unknown token) and the pieces after it.</summary>
    private static List<Unit> WordUnits(string text, TokenClassificationResult result, AggregationStrategy strategy)
    {
        TokenPrediction[] tokens = [.. result.Tokens.Where(t => !t.IsSpecial)];
        string[] labels = [.. Models.Shared("token-classification").Config.Labels];
        var units = new List<Unit>();
        for (int i = 0; i < tokens.Length;)
        {
            int end = i + 1;
            while (end < tokens.Length && tokens[end].TokenId != 3 && !tokens[end].Token!.StartsWith('\u2581'))
            {
                end++;
            }

            TokenPrediction[] word = tokens[i..end];
            float[] scores = strategy switch
            {
                AggregationStrategy.First => word[0].Probabilities,
                AggregationStrategy.Max => word.First(w => w.Probabilities.Max() == word.Max(x => x.Probabilities.Max())).Probabilities,
                _ => [.. Enumerable.Range(0, labels.Length).Select(l => word.Sum(w => w.Probabilities[l]) / word.Length)],
            };
            int best = Array.IndexOf(scores, scores.Max());
            string[] pieces = [.. word.Select(w => w.TokenId == 3 ? text[w.Start!.Value..w.End!.Value] : w.Token!)];
            units.Add(new Unit(labels[best], scores[best], word[0].Start!.Value, word[^1].End!.Value, EntityAggregator.Decode(pieces)));
            i = end;
        }

        return units;
    }
}

using System.Text.Json;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Heads;
using Microsoft.ML.XlmRoberta.ModelFolder;
using Microsoft.ML.XlmRoberta.Tests.TestData;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Tests.Heads;

/// <summary>Multiple choice against e2e/multiple-choice.jsonl: the pair encodings, then logits, probabilities and labels.</summary>
[TestClass]
public sealed class MultipleChoiceReferenceTests
{
    private static readonly Lazy<XlmRobertaEncoder> Encoder = new(() => XlmRobertaEncoder.LoadMultipleChoice(SharedFixtures.Model("multiple-choice")));

    private static IReadOnlyList<JsonElement> Cases => Models.E2e("multiple-choice");

    private static (string Prompt, IReadOnlyList<string> Choices) Input(JsonElement c) =>
        (c.GetProperty("prompt").GetString()!, Models.Strings(c.GetProperty("choices")));

    [TestMethod]
    public void PairEncodingsMatch()
    {
        Assert.HasCount(22, Cases);
        foreach (JsonElement c in Cases)
        {
            (string prompt, IReadOnlyList<string> choices) = Input(c);
            JsonElement[] ids = [.. c.GetProperty("ids").EnumerateArray()];
            Assert.HasCount(choices.Count, ids);
            for (int k = 0; k < choices.Count; k++)
            {
                CollectionAssert.AreEqual(Models.Ints(ids[k]), Encoder.Value.Tokenize(prompt, choices[k]).Ids.ToArray(), $"{prompt} / {choices[k]}");
            }
        }
    }

    [TestMethod]
    public void LogitsProbabilitiesAndLabelsMatchInOneBatch()
    {
        MultipleChoiceResult[] results = new XlmRobertaMultipleChoice(Encoder.Value).Choose([.. Cases.Select(Input)]);
        Assert.IsGreaterThan(1, Cases.Select(c => c.GetProperty("choices").GetArrayLength()).Distinct().Count(), "the fixture should vary the choice count");
        for (int i = 0; i < Cases.Count; i++)
        {
            AssertResult(Cases[i], results[i], $"case {i}");
        }
    }

    [TestMethod]
    public void OneAtATimeAndStreamingMatch()
    {
        var head = new XlmRobertaMultipleChoice(Encoder.Value);
        MultipleChoiceResult[] streamed = [.. head.ChooseStream(Cases.Select(Input))];
        Assert.HasCount(Cases.Count, streamed);
        for (int i = 0; i < Cases.Count; i++)
        {
            (string prompt, IReadOnlyList<string> choices) = Input(Cases[i]);
            AssertResult(Cases[i], head.Choose(prompt, choices), $"case {i} alone");
            AssertResult(Cases[i], streamed[i], $"case {i} streamed");
        }
    }

    [TestMethod]
    public void SmallBatchesSplitRowsByChoiceCountAndLength()
    {
        using XlmRobertaEncoder encoder = XlmRobertaEncoder.LoadMultipleChoice(
            SharedFixtures.Model("multiple-choice"), new XlmRobertaEncoderOptions { MaxBatchSize = 4, MaxTokensPerBatch = 64 });
        long before = encoder.Statistics.Batches;
        MultipleChoiceResult[] results = new XlmRobertaMultipleChoice(encoder).Choose([.. Cases.Select(Input)]);
        Assert.IsGreaterThan(3, encoder.Statistics.Batches - before, "a small budget should take several batches");
        for (int i = 0; i < Cases.Count; i++)
        {
            AssertResult(Cases[i], results[i], $"case {i}");
        }
    }

    [TestMethod]
    public void FewerThanTwoChoicesIsAnArgumentError()
    {
        var head = new XlmRobertaMultipleChoice(Encoder.Value);
        Assert.ThrowsExactly<ArgumentException>(() => head.Choose("Prompt", ["only"]));
        Assert.ThrowsExactly<ArgumentException>(() => head.Choose("Prompt", []));
    }

    [TestMethod]
    public void OtherGraphsAndHeadsAreRefused()
    {
        XlmRobertaModelException e = Assert.ThrowsExactly<XlmRobertaModelException>(() => new XlmRobertaMultipleChoice(Models.Shared("text-classification")));
        Assert.AreEqual("input 'input_ids'", e.Field);
        e = Assert.ThrowsExactly<XlmRobertaModelException>(() => new Microsoft.ML.XlmRoberta.Pooling.XlmRobertaFeatureExtractor(Encoder.Value));
        Assert.AreEqual("input 'input_ids'", e.Field);
        e = Assert.ThrowsExactly<XlmRobertaModelException>(() => Encoder.Value.GetOutputs([[0, 2]]));
        Assert.AreEqual("input 'input_ids'", e.Field);
        e = Assert.ThrowsExactly<XlmRobertaModelException>(() => XlmRobertaEncoder.LoadMultipleChoice(SharedFixtures.Model("text-classification")).Dispose());
        Assert.AreEqual("input 'input_ids'", e.Field);
    }

    private static void AssertResult(JsonElement c, MultipleChoiceResult result, string what)
    {
        ModelReference.AssertClose(ModelReference.Floats(c.GetProperty("logits")), result.Logits, ModelReference.Tolerance, $"{what} logits");
        ModelReference.AssertClose(ModelReference.Floats(c.GetProperty("probs")), result.Probabilities, ModelReference.Tolerance, $"{what} probs");
        Assert.AreEqual(c.GetProperty("label").GetInt32(), result.Label, $"{what} label");
    }
}

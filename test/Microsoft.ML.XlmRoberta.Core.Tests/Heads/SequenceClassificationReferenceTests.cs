using System.Text.Json;
using Microsoft.ML.XlmRoberta.Heads;
using Microsoft.ML.XlmRoberta.Tests.TestData;

namespace Microsoft.ML.XlmRoberta.Tests.Heads;

/// <summary>Sequence classification against reference.json (a, b, c) and e2e/text-classification.jsonl.</summary>
[TestClass]
public sealed class SequenceClassificationReferenceTests
{
    [TestMethod]
    [DataRow("a")]
    [DataRow("b")]
    [DataRow("c")]
    public void LogitsSoftmaxAndLabelsMatchReference(string caseName)
    {
        var reference = ModelReference.Load("text-classification");
        JsonElement c = reference.Case(caseName);
        int[][] rows = reference.Rows(caseName);
        var classifier = new XlmRobertaSequenceClassifier(Models.Shared("text-classification"));
        ClassificationResult[] results = classifier.ClassifyIds(rows);
        string[] predicted = Models.Strings(c.GetProperty("predicted"));
        for (int r = 0; r < rows.Length; r++)
        {
            ModelReference.AssertClose(ModelReference.Row(c.GetProperty("output").GetProperty("data"), r), results[r].Logits, ModelReference.Tolerance, $"{caseName}[{r}] logits");
            ModelReference.AssertClose(ModelReference.Row(c.GetProperty("softmax"), r), results[r].Probabilities, ModelReference.Tolerance, $"{caseName}[{r}] softmax");
            Assert.AreEqual(predicted[r], results[r].Label);
        }
    }

    [TestMethod]
    public void TextsMatchEndToEndFixture()
    {
        IReadOnlyList<JsonElement> cases = Models.E2e("text-classification");
        var classifier = new XlmRobertaSequenceClassifier(Models.Shared("text-classification"));
        string[] texts = [.. cases.Select(c => c.GetProperty("text").GetString()!)];
        ClassificationResult[] results = classifier.Classify(texts);
        ClassificationResult[] fromIds = classifier.ClassifyIds([.. cases.Select(c => Models.Ints(c.GetProperty("ids")))]);
        for (int i = 0; i < cases.Count; i++)
        {
            CollectionAssert.AreEqual(Models.Ints(cases[i].GetProperty("ids")), classifier.Encoder.Tokenize(texts[i]).Ids.ToArray(), $"ids of case {i}");
            foreach (ClassificationResult result in new[] { results[i], fromIds[i] })
            {
                ModelReference.AssertClose(ModelReference.Floats(cases[i].GetProperty("logits")), result.Logits, ModelReference.Tolerance, $"case {i} logits");
                ModelReference.AssertClose(ModelReference.Floats(cases[i].GetProperty("probs")), result.Probabilities, ModelReference.Tolerance, $"case {i} probs");
                Assert.AreEqual(cases[i].GetProperty("label").GetString(), result.Label, $"case {i}");
            }
        }
    }

    [TestMethod]
    public void PairsAreEncodedAsPairsAndClassified()
    {
        var classifier = new XlmRobertaSequenceClassifier(Models.Shared("text-classification"));
        JsonElement pairCase = TestSupport.SharedFixtures.ReadJsonLines("fixtures/tokenizer/pairs.jsonl")
            .First(p => p.GetProperty("max_length").ValueKind == JsonValueKind.Null);
        string text = pairCase.GetProperty("text").GetString()!;
        string pair = pairCase.GetProperty("text_pair").GetString()!;
        int[] expectedIds = Models.Ints(pairCase.GetProperty("ids"));
        ClassificationResult fromText = classifier.ClassifyPairs([(text, pair)])[0];
        ClassificationResult fromIds = classifier.ClassifyIds([expectedIds])[0];
        CollectionAssert.AreEqual(fromIds.Logits, fromText.Logits);
        Assert.AreEqual(fromIds.Label, fromText.Label);
    }
}

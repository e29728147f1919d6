using System.Text.Json;
using Microsoft.ML.XlmRoberta.DataView;
using Microsoft.ML.XlmRoberta.Tests.TestData;

namespace Microsoft.ML.XlmRoberta.Tests.QuestionAnswering;

/// <summary><c>AnswerQuestionXlmRoberta</c> against e2e/question-answering.jsonl: transform, PredictionEngine, save and load.</summary>
[TestClass]
public sealed class AnswerQuestionTransformTests
{
    private static string Model => Microsoft.ML.XlmRoberta.TestSupport.SharedFixtures.Model("question-answering");

    private static IReadOnlyList<JsonElement> Cases => Fixtures.EndToEnd("question-answering");

    private static AnswerQuestionXlmRobertaOptions Options(bool impossible) => new()
    {
        ModelFolder = Model,
        TopK = 3,
        MaxSequenceLength = 64,
        DocStride = 16,
        MaxAnswerLength = 15,
        HandleImpossibleAnswer = impossible,
        ReadAheadRows = 5,
    };

    [TestMethod]
    public void EveryCaseMatchesTheFixture()
    {
        var ml = new MLContext(seed: 1);
        foreach (bool impossible in new[] { false, true })
        {
            JsonElement[] cases = [.. Cases.Where(c => c.GetProperty("handle_impossible_answer").GetBoolean() == impossible)];
            IDataView data = ml.Data.LoadFromEnumerable(cases.Select(Row));
            IDataView output = ml.Transforms.Text.AnswerQuestionXlmRoberta(Options(impossible)).Fit(data).Transform(data);
            string[][] answers = output.GetColumn<string[]>("Answers").ToArray();
            float[][] scores = output.GetColumn<float[]>("AnswerScores").ToArray();
            int[][] starts = output.GetColumn<int[]>("AnswerStarts").ToArray();
            int[][] ends = output.GetColumn<int[]>("AnswerEnds").ToArray();
            string[] best = output.GetColumn<string>("Answer").ToArray();
            float[] bestScore = output.GetColumn<float>("Score").ToArray();
            int[] bestStart = output.GetColumn<int>("Start").ToArray();
            int[] bestEnd = output.GetColumn<int>("End").ToArray();
            for (int i = 0; i < cases.Length; i++)
            {
                JsonElement[] expected = [.. cases[i].GetProperty("answers").EnumerateArray()];
                Assert.HasCount(expected.Length, answers[i], $"case {i}");
                for (int k = 0; k < expected.Length; k++)
                {
                    Assert.AreEqual(expected[k].GetProperty("answer").GetString(), answers[i][k], $"case {i} answer {k}");
                    Assert.AreEqual(expected[k].GetProperty("start").GetInt32(), starts[i][k], $"case {i} answer {k} start");
                    Assert.AreEqual(expected[k].GetProperty("end").GetInt32(), ends[i][k], $"case {i} answer {k} end");
                    Assert.AreEqual(expected[k].GetProperty("score").GetSingle(), scores[i][k], 1e-4f, $"case {i} answer {k} score");
                }

                Assert.AreEqual((answers[i][0], starts[i][0], ends[i][0]), (best[i], bestStart[i], bestEnd[i]), $"case {i} best");
                Assert.AreEqual(scores[i][0], bestScore[i], $"case {i} best score");
            }
        }
    }

    [TestMethod]
    public void PredictionEngineAndCatalogShortcutGiveTheBestAnswer()
    {
        JsonElement c = Cases[0];
        var ml = new MLContext(seed: 1);
        var transformer = ml.Transforms.Text.AnswerQuestionXlmRoberta("Answer", "Question", "Context", Model)
            .Fit(ml.Data.LoadFromEnumerable(Array.Empty<QaRow>()));
        using var engine = ml.Model.CreatePredictionEngine<QaRow, QaPrediction>(transformer);
        // Default parameters (384-token windows, top 1): the context fits one window, so the fixture's best answer holds.
        QaPrediction prediction = engine.Predict(Row(c));
        JsonElement best = c.GetProperty("answers")[0];
        Assert.AreEqual(best.GetProperty("answer").GetString(), prediction.Answer);
        Assert.AreEqual(best.GetProperty("start").GetInt32(), prediction.Start);
        Assert.AreEqual(best.GetProperty("end").GetInt32(), prediction.End);
        Assert.AreEqual(best.GetProperty("score").GetSingle(), prediction.Score, 1e-4f);
        Assert.HasCount(1, prediction.Answers);
    }

    [TestMethod]
    public void SavedPipelineLoadsAndAnswersTheSame()
    {
        var ml = new MLContext(seed: 1);
        JsonElement[] cases = [.. Cases.Where(c => !c.GetProperty("handle_impossible_answer").GetBoolean()).Take(6)];
        IDataView data = ml.Data.LoadFromEnumerable(cases.Select(Row));
        ITransformer model = ml.Transforms.Text.AnswerQuestionXlmRoberta(Options(impossible: false)).Fit(data);
        string path = Path.Combine(Path.GetTempPath(), $"xlmr-qa-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            ITransformer loaded = new MLContext(seed: 2).Model.Load(path, out _);
            IDataView live = model.Transform(data);
            IDataView again = loaded.Transform(data);
            CollectionAssert.AreEqual(live.GetColumn<string>("Answer").ToArray(), again.GetColumn<string>("Answer").ToArray());
            CollectionAssert.AreEqual(live.GetColumn<int>("Start").ToArray(), again.GetColumn<int>("Start").ToArray());
            CollectionAssert.AreEqual(live.GetColumn<int>("End").ToArray(), again.GetColumn<int>("End").ToArray());
            CollectionAssert.AreEqual(live.GetColumn<float>("Score").ToArray(), again.GetColumn<float>("Score").ToArray());
            string[][] liveAnswers = live.GetColumn<string[]>("Answers").ToArray();
            string[][] loadedAnswers = again.GetColumn<string[]>("Answers").ToArray();
            for (int i = 0; i < cases.Length; i++)
            {
                CollectionAssert.AreEqual(liveAnswers[i], loadedAnswers[i], $"case {i}");
            }

            (loaded as IDisposable)?.Dispose();
        }
        finally
        {
            File.Delete(path);
        }

        (model as IDisposable)?.Dispose();
    }

    [TestMethod]
    public void InvalidOptionsAndColumnsAreRefused()
    {
        var ml = new MLContext(seed: 1);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.Text.AnswerQuestionXlmRoberta(new AnswerQuestionXlmRobertaOptions { ModelFolder = Model, TopK = 0 }));
        Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.Text.AnswerQuestionXlmRoberta(new AnswerQuestionXlmRobertaOptions { ModelFolder = Model, ContextColumnName = "" }));
        IDataView texts = ml.Data.LoadFromEnumerable(new[] { new TextRow { Text = "x" } });
        Assert.ThrowsExactly<XlmRobertaColumnException>(() => ml.Transforms.Text.AnswerQuestionXlmRoberta("Answer", "Text", "Context", Model).Fit(texts));
    }

    private static QaRow Row(JsonElement c) => new() { Question = c.GetProperty("question").GetString()!, Context = c.GetProperty("context").GetString()! };

    public sealed class QaRow
    {
        public string Question { get; set; } = "";

        public string Context { get; set; } = "";
    }

    public sealed class QaPrediction
    {
        public string Answer { get; set; } = "";

        public float Score { get; set; }

        public int Start { get; set; }

        public int End { get; set; }

        public string[] Answers { get; set; } = [];
    }
}

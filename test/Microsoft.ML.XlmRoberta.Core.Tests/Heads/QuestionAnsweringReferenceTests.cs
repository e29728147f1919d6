using System.Text.Json;
using Microsoft.ML.XlmRoberta.Heads;
using Microsoft.ML.XlmRoberta.ModelFolder;
using Microsoft.ML.XlmRoberta.Tests.TestData;

namespace Microsoft.ML.XlmRoberta.Tests.Heads;

/// <summary>
/// Question answering against e2e/question-answering.jsonl, step by step: tokens and windows, per-window logits,
/// candidate spans (from the fixture's own logits and from ours), then the merged, word-aligned answers.
/// </summary>
[TestClass]
public sealed class QuestionAnsweringReferenceTests
{
    private static IReadOnlyList<JsonElement> Cases => Models.E2e("question-answering");

    private static XlmRobertaQuestionAnswerer Answerer(JsonElement c) => new(Models.Shared("question-answering"), OptionsOf(c));

    private static QuestionAnsweringOptions OptionsOf(JsonElement c) => new()
    {
        TopK = c.GetProperty("top_k").GetInt32(),
        MaxSequenceLength = c.GetProperty("max_seq_len").GetInt32(),
        DocStride = c.GetProperty("doc_stride").GetInt32(),
        MaxAnswerLength = c.GetProperty("max_answer_len").GetInt32(),
        HandleImpossibleAnswer = c.GetProperty("handle_impossible_answer").GetBoolean(),
    };

    private static QuestionAnsweringExample Run(JsonElement c) =>
        Answerer(c).Run([(c.GetProperty("question").GetString()!, c.GetProperty("context").GetString()!)], CancellationToken.None)[0];

    [TestMethod]
    public void FixtureHas22CasesWithSeveralWindowsAndImpossibleAnswers()
    {
        Assert.HasCount(22, Cases);
        Assert.IsTrue(Cases.Any(c => c.GetProperty("windows").GetArrayLength() > 1), "no multi-window case");
        Assert.IsTrue(Cases.Any(c => c.GetProperty("handle_impossible_answer").GetBoolean()), "no handle_impossible_answer case");
    }

    [TestMethod]
    public void TokensOffsetsAndWindowsMatch()
    {
        for (int i = 0; i < Cases.Count; i++)
        {
            JsonElement c = Cases[i];
            QuestionAnsweringExample example = Run(c);
            Assert.AreEqual(c.GetProperty("question_ids").GetArrayLength(), example.QuestionLength, $"case {i} question tokens");
            CollectionAssert.AreEqual(Models.Ints(c.GetProperty("context_ids")), example.ContextIds, $"case {i} context ids");
            int[][] offsets = [.. c.GetProperty("context_offsets").EnumerateArray().Select(Models.Ints)];
            CollectionAssert.AreEqual(offsets.Select(o => (o[0], o[1])).ToArray(), example.ContextOffsets.Select(o => (o.Start, o.End)).ToArray(), $"case {i} offsets");
            JsonElement[] windows = [.. c.GetProperty("windows").EnumerateArray()];
            Assert.HasCount(windows.Length, example.Windows, $"case {i} window count");
            CollectionAssert.AreEqual(Models.Ints(c.GetProperty("ids")), example.Windows[0].Ids, $"case {i} first window ids");
            for (int w = 0; w < windows.Length; w++)
            {
                int[] range = Models.Ints(windows[w].GetProperty("context_tokens"));
                Assert.AreEqual(range[0], example.Windows[w].ContextStart, $"case {i} window {w} start");
                Assert.AreEqual(range[1], example.Windows[w].ContextEnd, $"case {i} window {w} end");
                CollectionAssert.AreEqual(Models.Ints(windows[w].GetProperty("ids")), example.Windows[w].Ids, $"case {i} window {w} ids");
            }
        }
    }

    [TestMethod]
    public void WindowLogitsMatch()
    {
        for (int i = 0; i < Cases.Count; i++)
        {
            QuestionAnsweringExample example = Run(Cases[i]);
            JsonElement[] windows = [.. Cases[i].GetProperty("windows").EnumerateArray()];
            for (int w = 0; w < windows.Length; w++)
            {
                ModelReference.AssertClose(
                    ModelReference.Floats(windows[w].GetProperty("start_logits")), example.Windows[w].StartLogits, ModelReference.Tolerance, $"case {i} window {w} start_logits");
                ModelReference.AssertClose(
                    ModelReference.Floats(windows[w].GetProperty("end_logits")), example.Windows[w].EndLogits, ModelReference.Tolerance, $"case {i} window {w} end_logits");
            }
        }
    }

    [TestMethod]
    public void SpansScoredFromTheFixtureLogitsMatch()
    {
        // The scoring step alone: the fixture's own logits in, the fixture's spans and null score out.
        for (int i = 0; i < Cases.Count; i++)
        {
            JsonElement c = Cases[i];
            QuestionAnsweringExample example = Run(c);
            JsonElement[] windows = [.. c.GetProperty("windows").EnumerateArray()];
            float nullScore = float.MaxValue;
            for (int w = 0; w < windows.Length; w++)
            {
                QuestionAnsweringWindow window = example.Windows[w];
                window.StartLogits = ModelReference.Floats(windows[w].GetProperty("start_logits"));
                window.EndLogits = ModelReference.Floats(windows[w].GetProperty("end_logits"));
                SpanScorer.Score(window, c.GetProperty("top_k").GetInt32(), c.GetProperty("max_answer_len").GetInt32());
                AssertSpans(windows[w].GetProperty("spans"), window.Spans, $"case {i} window {w}");
                nullScore = Math.Min(nullScore, window.NullScore);
            }

            if (c.TryGetProperty("null_score", out JsonElement expected))
            {
                Assert.AreEqual(expected.GetSingle(), nullScore, 1e-6f * Math.Max(1f, expected.GetSingle()), $"case {i} null score");
            }
        }
    }

    [TestMethod]
    public void SpansScoredFromTheModelMatch()
    {
        for (int i = 0; i < Cases.Count; i++)
        {
            QuestionAnsweringExample example = Run(Cases[i]);
            JsonElement[] windows = [.. Cases[i].GetProperty("windows").EnumerateArray()];
            for (int w = 0; w < windows.Length; w++)
            {
                AssertSpans(windows[w].GetProperty("spans"), example.Windows[w].Spans, $"case {i} window {w}");
            }
        }
    }

    [TestMethod]
    public void AnswersMatchInOneBatch()
    {
        // Every case in one call per option set: the windows of all questions share length-bucketed batches.
        foreach (IGrouping<bool, int> group in Enumerable.Range(0, Cases.Count).GroupBy(i => Cases[i].GetProperty("handle_impossible_answer").GetBoolean()))
        {
            int[] indices = [.. group];
            XlmRobertaQuestionAnswerer answerer = Answerer(Cases[indices[0]]);
            IReadOnlyList<QuestionAnswer>[] results = answerer.Answer([.. indices.Select(i => (Cases[i].GetProperty("question").GetString()!, Cases[i].GetProperty("context").GetString()!))]);
            for (int k = 0; k < indices.Length; k++)
            {
                AssertAnswers(Cases[indices[k]].GetProperty("answers"), results[k], $"case {indices[k]}");
            }
        }
    }

    [TestMethod]
    public void OneAtATimeAndStreamingGiveTheBatchAnswers()
    {
        JsonElement first = Cases[0];
        XlmRobertaQuestionAnswerer answerer = Answerer(first);
        (string, string)[] inputs = [.. Cases.Where(c => !c.GetProperty("handle_impossible_answer").GetBoolean())
            .Select(c => (c.GetProperty("question").GetString()!, c.GetProperty("context").GetString()!))];
        IReadOnlyList<QuestionAnswer>[] batch = answerer.Answer(inputs);
        IReadOnlyList<QuestionAnswer>[] streamed = [.. answerer.AnswerStream(inputs)];
        Assert.HasCount(inputs.Length, streamed);
        for (int i = 0; i < inputs.Length; i++)
        {
            IReadOnlyList<QuestionAnswer> single = answerer.Answer(inputs[i].Item1, inputs[i].Item2);
            foreach (IReadOnlyList<QuestionAnswer> other in new[] { single, streamed[i] })
            {
                Assert.HasCount(batch[i].Count, other);
                for (int a = 0; a < other.Count; a++)
                {
                    Assert.AreEqual((batch[i][a].Start, batch[i][a].End, batch[i][a].Answer), (other[a].Start, other[a].End, other[a].Answer), $"input {i} answer {a}");
                    Assert.AreEqual(batch[i][a].Score, other[a].Score, 1e-6f, $"input {i} answer {a}");
                }
            }
        }
    }

    [TestMethod]
    public void ImpossibleAnswerIsEmptyAtZero()
    {
        // The case whose null score is largest: with every span of its short context returned, the empty answer is among them.
        JsonElement c = Cases.Where(c => c.TryGetProperty("null_score", out _)).MaxBy(c => c.GetProperty("null_score").GetSingle());
        var options = new QuestionAnsweringOptions { TopK = 1000, MaxSequenceLength = 64, DocStride = 16, HandleImpossibleAnswer = true };
        IReadOnlyList<QuestionAnswer> answers = new XlmRobertaQuestionAnswerer(Models.Shared("question-answering"), options)
            .Answer(c.GetProperty("question").GetString()!, c.GetProperty("context").GetString()!);
        QuestionAnswer empty = answers.Single(a => a.Answer.Length == 0);
        Assert.AreEqual((0, 0), (empty.Start, empty.End));
        Assert.AreEqual(c.GetProperty("null_score").GetSingle(), empty.Score, ModelReference.Tolerance);
        CollectionAssert.AreEqual(answers.Select(a => a.Score).OrderByDescending(s => s).ToArray(), answers.Select(a => a.Score).ToArray(), "answers are not best first");
    }

    [TestMethod]
    public void QuestionTooLongForTheWindowsIsAnArgumentError()
    {
        var answerer = new XlmRobertaQuestionAnswerer(Models.Shared("question-answering"), new QuestionAnsweringOptions { MaxSequenceLength = 16, DocStride = 4 });
        string question = string.Join(' ', Enumerable.Repeat("word", 20));
        ArgumentException e = Assert.ThrowsExactly<ArgumentException>(() => answerer.Answer(question, "A context."));
        StringAssert.Contains(e.Message, "no room for the context");
        var wide = new XlmRobertaQuestionAnswerer(Models.Shared("question-answering"), new QuestionAnsweringOptions { MaxSequenceLength = 16, DocStride = 12 });
        e = Assert.ThrowsExactly<ArgumentException>(() => wide.Answer("Why?", string.Join(' ', Enumerable.Repeat("word", 40))));
        StringAssert.Contains(e.Message, "doc stride 12");
        Assert.HasCount(1, wide.Answer("Why?", "Short."), "a context that fits one window needs no overlap");
    }

    [TestMethod]
    public void OtherTaskGraphsAreRefused()
    {
        XlmRobertaModelException e = Assert.ThrowsExactly<XlmRobertaModelException>(() => new XlmRobertaQuestionAnswerer(Models.Shared("text-classification")));
        Assert.AreEqual("output 'start_logits'", e.Field);
    }

    private static void AssertSpans(JsonElement expected, List<ScoredSpan> actual, string what)
    {
        JsonElement[] spans = [.. expected.EnumerateArray()];
        Assert.HasCount(spans.Length, actual, what);
        for (int s = 0; s < spans.Length; s++)
        {
            Assert.AreEqual((spans[s].GetProperty("start").GetInt32(), spans[s].GetProperty("end").GetInt32()), (actual[s].Start, actual[s].End), $"{what} span {s}");
            Assert.AreEqual(spans[s].GetProperty("score").GetSingle(), actual[s].Score, ModelReference.Tolerance, $"{what} span {s} score");
        }
    }

    internal static void AssertAnswers(JsonElement expected, IReadOnlyList<QuestionAnswer> actual, string what)
    {
        JsonElement[] answers = [.. expected.EnumerateArray()];
        Assert.HasCount(answers.Length, actual, what);
        for (int a = 0; a < answers.Length; a++)
        {
            JsonElement e = answers[a];
            Assert.AreEqual(
                (e.GetProperty("start").GetInt32(), e.GetProperty("end").GetInt32(), e.GetProperty("answer").GetString()),
                (actual[a].Start, actual[a].End, actual[a].Answer), $"{what} answer {a}");
            Assert.AreEqual(e.GetProperty("score").GetSingle(), actual[a].Score, ModelReference.Tolerance, $"{what} answer {a} score");
        }
    }
}

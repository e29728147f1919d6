using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.ModelFolder;
using Microsoft.ML.XlmRoberta.Pooling;
using Microsoft.ML.XlmRoberta.Tests.TestData;

namespace Microsoft.ML.XlmRoberta.Tests.Reliability;

/// <summary>
/// A model that outputs NaN or infinity is a model error (<see cref="NonFiniteModelOutputException"/>, a
/// <see cref="XlmRobertaModelException"/>), never an input error and never a silent NaN embedding.
/// </summary>
[TestClass]
public sealed class NonFiniteOutputTests
{
    [TestMethod]
    public void AFiniteTinyModelRuns()
    {
        using ScratchModelFolder folder = Folder(Weights(float.NaN, finite: true));
        using XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(folder.Root);
        EmbeddingResult result = new XlmRobertaFeatureExtractor(encoder).EmbedIds([[0, 10, 2]])[0];
        Assert.HasCount(32, result.Embedding);
        Assert.IsTrue(result.Embedding.All(float.IsFinite));
        Assert.AreEqual(0.01f * (0 + 10 + 2) / 3, result.Embedding[0], 1e-5f, "mean pooling of ids × 0.01");
    }

    [TestMethod]
    [DataRow(float.NaN)]
    [DataRow(float.PositiveInfinity)]
    [DataRow(float.NegativeInfinity)]
    public void NonFiniteOutputsAreAModelError(float poison)
    {
        using ScratchModelFolder folder = Folder(Weights(poison, finite: false));
        using XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(folder.Root);
        var extractor = new XlmRobertaFeatureExtractor(encoder);
        string onnx = folder.PathOf("onnx/model.onnx");
        foreach (Action call in new Action[]
        {
            () => extractor.Embed(["Hello world!", "Paris"]),
            () => extractor.EmbedIds([[0, 10, 2]]),
            () => encoder.GetOutputs([[0, 10, 2]]),
            () => new XlmRobertaFeatureExtractor(encoder, new FeatureExtractionOptions { Pooling = PoolingMode.Cls, Normalize = true }).EmbedIds([[0, 10, 2]]),
        })
        {
            Exception? thrown = null;
            try
            {
                call();
            }
            catch (Exception e)
            {
                thrown = e;
            }

            Assert.IsNotNull(thrown, "a non-finite output went through");
            Assert.IsNotInstanceOfType<ArgumentException>(thrown, "a model fault must not be reported as an input error");
            var typed = thrown as NonFiniteModelOutputException;
            Assert.IsNotNull(typed, $"{thrown.GetType().FullName}: {thrown.Message}");
            Assert.IsInstanceOfType<XlmRobertaModelException>(typed);
            Assert.AreEqual(onnx, typed.Path);
            Assert.AreEqual("output 'last_hidden_state'", typed.Field);
            StringAssert.Contains(typed.Message, onnx);
        }
    }

    private static float[] Weights(float poison, bool finite)
    {
        float[] weights = Enumerable.Repeat(0.01f, 32).ToArray();
        if (!finite)
        {
            weights[5] = poison;
        }

        return weights;
    }

    private static ScratchModelFolder Folder(float[] weights)
    {
        ScratchModelFolder folder = ScratchModelFolder.Empty();
        foreach (string file in new[] { "config.json", "sentencepiece.bpe.model", "tokenizer_config.json", "special_tokens_map.json" })
        {
            folder.Link("feature-extraction", file);
        }

        folder.Write("onnx/model.onnx", TinyOnnxModel.Build(weights));
        return folder;
    }
}

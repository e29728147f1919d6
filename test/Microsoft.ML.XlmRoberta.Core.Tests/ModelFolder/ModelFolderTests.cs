using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Heads;
using Microsoft.ML.XlmRoberta.ModelFolder;
using Microsoft.ML.XlmRoberta.Pooling;
using Microsoft.ML.XlmRoberta.Tests.TestData;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Tests.ModelFolder;

/// <summary>Loading model folders: good layouts load, bad ones fail with a typed exception naming the path.</summary>
[TestClass]
public sealed class ModelFolderTests
{
    private string _temp = string.Empty;

    [TestInitialize]
    public void CreateTemp()
    {
        _temp = Directory.CreateTempSubdirectory("xlmr-folder-").FullName;
    }

    [TestCleanup]
    public void DeleteTemp() => Directory.Delete(_temp, recursive: true);

    [TestMethod]
    public void ConfigIsRead()
    {
        XlmRobertaConfig config = XlmRobertaConfig.Load(Path.Combine(SharedFixtures.Model("token-classification"), "config.json"));
        Assert.AreEqual(32, config.HiddenSize);
        Assert.AreEqual(514, config.MaxPositionEmbeddings);
        Assert.AreEqual(512, config.MaxSequenceLength);
        Assert.AreEqual(1, config.PadTokenId);
        Assert.AreEqual(250002, config.VocabularySize);
        CollectionAssert.AreEqual(new[] { "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC" }, config.Labels.ToArray());
        CollectionAssert.AreEqual(new[] { "XLMRobertaForTokenClassification" }, config.Architectures.ToArray());
    }

    [TestMethod]
    public void SignatureIsDiscoveredFromTheSession()
    {
        XlmRobertaEncoder encoder = Models.Shared("feature-extraction");
        Assert.AreEqual("input_ids", encoder.Signature.InputIdsName);
        Assert.AreEqual("attention_mask", encoder.Signature.AttentionMaskName);
        Assert.IsNull(encoder.Signature.TokenTypeIdsName);
        Assert.IsFalse(encoder.Signature.UsesInt32Inputs);
        Assert.AreEqual(3, encoder.Signature.OutputRanks["last_hidden_state"]);
        Assert.AreEqual(2, Models.Shared("text-classification").Signature.OutputRanks["logits"]);
        Assert.AreEqual(ExecutionProvider.Cpu, encoder.ExecutionProvider);
    }

    [TestMethod]
    public void MissingFolderNamesIt()
    {
        string missing = Path.Combine(_temp, "nope");
        var e = Assert.ThrowsExactly<XlmRobertaModelException>(() => XlmRobertaEncoder.Load(missing));
        StringAssert.Contains(e.Message, missing);
    }

    [TestMethod]
    public void MissingConfigNamesIt()
    {
        Link("onnx/model.onnx");
        Link("sentencepiece.bpe.model");
        var e = Assert.ThrowsExactly<XlmRobertaModelException>(() => XlmRobertaEncoder.Load(_temp));
        StringAssert.Contains(e.Message, Path.Combine(_temp, "config.json"));
        Assert.AreEqual(Path.Combine(_temp, "config.json"), e.Path);
    }

    [TestMethod]
    public void MissingOnnxNamesIt()
    {
        Link("config.json");
        Link("sentencepiece.bpe.model");
        var e = Assert.ThrowsExactly<XlmRobertaModelException>(() => XlmRobertaEncoder.Load(_temp));
        StringAssert.Contains(e.Message, Path.Combine(_temp, "onnx", "model.onnx"));
    }

    [TestMethod]
    public void MissingTokenizerNamesIt()
    {
        Link("config.json");
        Link("onnx/model.onnx");
        var e = Assert.ThrowsExactly<XlmRobertaModelException>(() => XlmRobertaEncoder.Load(_temp));
        StringAssert.Contains(e.Message, Path.Combine(_temp, "sentencepiece.bpe.model"));
    }

    [TestMethod]
    public void MissingNamedOnnxFileNamesIt()
    {
        Link("config.json");
        Link("sentencepiece.bpe.model");
        Link("onnx/model.onnx");
        var e = Assert.ThrowsExactly<XlmRobertaModelException>(
            () => XlmRobertaEncoder.Load(_temp, new XlmRobertaEncoderOptions { OnnxFile = "onnx/model_quantized.onnx" }));
        StringAssert.Contains(e.Message, Path.Combine(_temp, "onnx", "model_quantized.onnx"));
    }

    [TestMethod]
    public void AnotherOnnxFileCanBeChosen()
    {
        Link("config.json");
        Link("sentencepiece.bpe.model");
        Link("onnx/model.onnx", "onnx/model_quantized.onnx");
        var reference = ModelReference.Load("feature-extraction");
        using XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(_temp, new XlmRobertaEncoderOptions { OnnxFile = "onnx/model_quantized.onnx" });
        Assert.EndsWith("model_quantized.onnx", encoder.Folder.OnnxPath);
        float[] hidden = encoder.GetOutputs(reference.Rows("a"))[0];
        ModelReference.AssertClose(ModelReference.Floats(reference.Case("a").GetProperty("output").GetProperty("data")), hidden, ModelReference.Tolerance, "a");
    }

    [TestMethod]
    public void BadConfigAndBadOnnxNameTheFile()
    {
        File.WriteAllText(Path.Combine(_temp, "config.json"), "{\"model_type\": \"xlm-roberta\"}");
        Link("sentencepiece.bpe.model");
        Directory.CreateDirectory(Path.Combine(_temp, "onnx"));
        File.WriteAllText(Path.Combine(_temp, "onnx", "model.onnx"), "not a model");
        var e = Assert.ThrowsExactly<XlmRobertaModelException>(() => XlmRobertaEncoder.Load(_temp));
        StringAssert.Contains(e.Message, "hidden_size");
        File.WriteAllText(Path.Combine(_temp, "config.json"), "{ not json");
        e = Assert.ThrowsExactly<XlmRobertaModelException>(() => XlmRobertaEncoder.Load(_temp));
        StringAssert.Contains(e.Message, "config.json");
        File.Copy(Path.Combine(SharedFixtures.Model("feature-extraction"), "config.json"), Path.Combine(_temp, "config.json"), overwrite: true);
        e = Assert.ThrowsExactly<XlmRobertaModelException>(() => XlmRobertaEncoder.Load(_temp));
        StringAssert.Contains(e.Message, Path.Combine(_temp, "onnx", "model.onnx"));
    }

    [TestMethod]
    public void HeadsRejectModelsOfTheWrongTask()
    {
        var e = Assert.ThrowsExactly<XlmRobertaModelException>(() => new XlmRobertaSequenceClassifier(Models.Shared("feature-extraction")));
        StringAssert.Contains(e.Message, "id2label");
        e = Assert.ThrowsExactly<XlmRobertaModelException>(() => new XlmRobertaTokenClassifier(Models.Shared("text-classification")));
        StringAssert.Contains(e.Message, "rank 3");
        e = Assert.ThrowsExactly<XlmRobertaModelException>(() => new XlmRobertaFeatureExtractor(Models.Shared("text-classification")));
        StringAssert.Contains(e.Message, "model.onnx");
    }

    private void Link(string relative, string? target = null)
    {
        string destination = Path.Combine(_temp, target ?? relative);
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        File.CreateSymbolicLink(destination, Path.Combine(SharedFixtures.Model("feature-extraction"), relative));
    }
}

using System.Text.Json;
using Microsoft.ML.Data;
using Microsoft.ML.XlmRoberta.DataView;
using Microsoft.ML.XlmRoberta.Embeddings;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Persistence;
using Microsoft.ML.XlmRoberta.Pooling;
using Microsoft.ML.XlmRoberta.Tests.TestData;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Tests.Embeddings;

/// <summary>
/// <c>EmbedXlmRoberta</c> on a sentence-transformers folder (the feature-extraction fixture plus CLS pooling and a
/// Normalize module): with no options it takes the folder's pooling, normalization and prompts, as Core does, and
/// saved transforms keep what they were saved with.
/// </summary>
[TestClass]
public sealed class SentenceTransformersEmbeddingTests
{
    private const float Tolerance = 1e-5f;

    [TestMethod]
    public void NoOptionsReproduceTheClsL2ReferencesAndCore()
    {
        IReadOnlyList<JsonElement> cases = Fixtures.EndToEnd("feature-extraction");
        string[] texts = Texts(cases);
        using ScratchModelFolder folder = ScratchModelFolder.SentenceTransformers("cls", normalize: true);
        using EmbedXlmRobertaTransformer transformer = Fit(folder.Root, texts, new EmbedXlmRobertaOptions());
        Assert.AreEqual(PoolingMode.Cls, transformer.Pooling);
        Assert.IsTrue(transformer.Normalize);
        float[][] vectors = Embed(transformer, texts);

        using XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(folder.Root);
        EmbeddingResult[] core = new XlmRobertaFeatureExtractor(encoder).Embed(texts);
        for (int i = 0; i < cases.Count; i++)
        {
            Fixtures.AssertClose(Fixtures.Floats(cases[i].GetProperty("cls_l2")), vectors[i], Tolerance, $"cls_l2 of case {i}");
            Fixtures.AssertClose(core[i].Embedding, vectors[i], Tolerance, $"core of case {i}");
        }

        // Explicit options override the folder.
        using EmbedXlmRobertaTransformer mean = Fit(folder.Root, texts, new EmbedXlmRobertaOptions { Pooling = PoolingMode.Mean, Normalize = false });
        float[][] meanVectors = Embed(mean, texts);
        for (int i = 0; i < cases.Count; i++)
        {
            Fixtures.AssertClose(Fixtures.Floats(cases[i].GetProperty("mean")), meanVectors[i], Tolerance, $"mean of case {i}");
        }
    }

    [TestMethod]
    public void PromptAppliesTheFolderPrefix()
    {
        string[] texts = Texts(Fixtures.EndToEnd("feature-extraction"));
        string[] queries = [.. texts.Select(t => "query: " + t)];
        using ScratchModelFolder folder = ScratchModelFolder.SentenceTransformers("cls", normalize: true);
        using EmbedXlmRobertaTransformer prompted = Fit(folder.Root, texts, new EmbedXlmRobertaOptions { Prompt = "query" });
        using EmbedXlmRobertaTransformer plain = Fit(folder.Root, texts, new EmbedXlmRobertaOptions());
        float[][] withPrompt = Embed(prompted, texts);
        float[][] literal = Embed(plain, queries);
        float[][] without = Embed(plain, texts);
        for (int i = 0; i < texts.Length; i++)
        {
            Fixtures.AssertClose(literal[i], withPrompt[i], 0f, $"case {i}");
            Assert.IsFalse(without[i].AsSpan().SequenceEqual(withPrompt[i]), $"case {i}: the prompt changed nothing");
        }

        // A folder's default prompt applies with no options; "" turns it off.
        using ScratchModelFolder byDefault = ScratchModelFolder.SentenceTransformers("cls", normalize: true, defaultPrompt: "query");
        using EmbedXlmRobertaTransformer defaulted = Fit(byDefault.Root, texts, new EmbedXlmRobertaOptions());
        using EmbedXlmRobertaTransformer off = Fit(byDefault.Root, texts, new EmbedXlmRobertaOptions { Prompt = "" });
        float[][] defaultVectors = Embed(defaulted, texts);
        float[][] offVectors = Embed(off, texts);
        for (int i = 0; i < texts.Length; i++)
        {
            Fixtures.AssertClose(literal[i], defaultVectors[i], 0f, $"default prompt, case {i}");
            Fixtures.AssertClose(without[i], offVectors[i], 0f, $"prompt off, case {i}");
        }

        var e = Assert.ThrowsExactly<ArgumentException>(() => Fit(folder.Root, texts, new EmbedXlmRobertaOptions { Prompt = "document" }));
        StringAssert.Contains(e.Message, "document");
        Assert.ThrowsExactly<ArgumentException>(() => Fit(Fixtures.FeatureExtractionModel, texts, new EmbedXlmRobertaOptions { Prompt = "query" }));
    }

    [TestMethod]
    public void SavedTransformKeepsFolderDefaultsAndPrompt()
    {
        string[] texts = Texts(Fixtures.EndToEnd("feature-extraction"));
        using ScratchModelFolder folder = ScratchModelFolder.SentenceTransformers("cls", normalize: true, defaultPrompt: "query");
        var ml = new MLContext(seed: 1);
        IDataView data = Data(ml, texts);
        foreach (EmbedXlmRobertaOptions options in new[] { new EmbedXlmRobertaOptions(), new EmbedXlmRobertaOptions { Prompt = "passage", Normalize = false } })
        {
            options.ModelFolder = folder.Root;
            using EmbedXlmRobertaTransformer live = ml.Transforms.Text.EmbedXlmRoberta(options).Fit(data);
            float[][] expected = Embed(live, texts);
            float[][] loaded = RoundTrip(ml, live, data, restore: false);
            float[][] restored = RoundTrip(ml, live, data, restore: true);
            for (int i = 0; i < texts.Length; i++)
            {
                Fixtures.AssertClose(expected[i], loaded[i], Tolerance, $"loaded, prompt {options.Prompt}, case {i}");
                Fixtures.AssertClose(expected[i], restored[i], Tolerance, $"restored, prompt {options.Prompt}, case {i}");
            }
        }
    }

    [TestMethod]
    public void TransformsSavedBeforeVersionsStillLoadAsSaved()
    {
        // What version 1 saved (no Version key): explicit mean pooling without normalization, and no prompt. On a
        // sentence-transformers folder with CLS, Normalize and a default prompt it must still give the plain mean vectors.
        IReadOnlyList<JsonElement> cases = Fixtures.EndToEnd("feature-extraction");
        string[] texts = Texts(cases);
        using ScratchModelFolder folder = ScratchModelFolder.SentenceTransformers("cls", normalize: true, defaultPrompt: "query");
        string options = JsonSerializer.Serialize(new
        {
            OutputColumnName = "Features",
            Pooling = "Mean",
            Normalize = false,
            Encoder = new { MaxBatchSize = 32 },
            ReadAheadRows = 4096,
            ModelFolder = folder.Root,
            InputColumnName = "Text",
        });
        var settings = new SavedSettings(EmbedXlmRobertaTransformer.TaskName, JsonDocument.Parse(options).RootElement);
        Assert.AreEqual(SavedSettings.FirstVersion, SavedSettings.Decode(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($$"""{"Task":"Embed","Options":{{options}}}"""))).Version);
        var binding = new ColumnBinding("Text", null, [new OutputColumn("Features", OutputKind.SingleVector, 32)]);
        ITransformer saved = SavedForm.Build(settings, binding, EmbeddingContracts.For(32));

        var ml = new MLContext(seed: 1);
        IDataView data = Data(ml, texts);
        foreach (bool restore in new[] { false, true })
        {
            float[][] vectors = RoundTrip(ml, saved, data, restore);
            for (int i = 0; i < cases.Count; i++)
            {
                Fixtures.AssertClose(Fixtures.Floats(cases[i].GetProperty("mean")), vectors[i], Tolerance, $"restore {restore}, case {i}");
            }
        }

        string future = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($$"""{"Task":"Embed","Options":{{options}},"Version":{{SavedSettings.CurrentVersion + 1}}}"""));
        Assert.ThrowsExactly<XlmRobertaException>(() => SavedSettings.Decode(future));
    }

    private static float[][] RoundTrip(MLContext ml, ITransformer model, IDataView data, bool restore)
    {
        string path = Path.Combine(Path.GetTempPath(), $"xlmr-st-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            ITransformer loaded = new MLContext(seed: 2).Model.Load(path, out DataViewSchema schema);
            if (restore)
            {
                loaded = XlmRobertaPersistence.RestoreBatching(loaded, schema);
                Assert.IsInstanceOfType<EmbedXlmRobertaTransformer>(loaded);
            }

            try
            {
                return [.. loaded.Transform(data).GetColumn<float[]>("Features")];
            }
            finally
            {
                (loaded as IDisposable)?.Dispose();
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static EmbedXlmRobertaTransformer Fit(string folder, string[] texts, EmbedXlmRobertaOptions options)
    {
        var ml = new MLContext(seed: 1);
        options.ModelFolder = folder;
        return ml.Transforms.Text.EmbedXlmRoberta(options).Fit(Data(ml, texts));
    }

    private static float[][] Embed(ITransformer transformer, string[] texts) =>
        [.. transformer.Transform(Data(new MLContext(seed: 1), texts)).GetColumn<float[]>("Features")];

    private static IDataView Data(MLContext ml, string[] texts) => ml.Data.LoadFromEnumerable(texts.Select(t => new TextRow { Text = t }));

    private static string[] Texts(IReadOnlyList<JsonElement> cases) => [.. cases.Select(c => c.GetProperty("text").GetString()!)];
}

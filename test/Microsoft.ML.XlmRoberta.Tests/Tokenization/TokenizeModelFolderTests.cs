using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.ModelFolder;
using Microsoft.ML.XlmRoberta.Tests.TestData;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Tests.Tokenization;

/// <summary><c>TokenizeXlmRoberta</c> reads the model folder as the encoder does: same tokenizer, checks and maximum length.</summary>
[TestClass]
public sealed class TokenizeModelFolderTests
{
    [TestMethod]
    public void TokenizeTruncatesWhereTheEncoderDoes()
    {
        // sentence_bert_config.json's max_seq_length 6 is the folder's limit: the transform truncates as the encoder.
        string[] texts = [.. Fixtures.EndToEnd("feature-extraction").Select(c => c.GetProperty("text").GetString()!)];
        using ScratchModelFolder folder = ScratchModelFolder.SentenceTransformers("cls", normalize: true, maxSeqLength: 6);
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(texts.Select(t => new TextRow { Text = t }));
        long[][] ids = [.. ml.Transforms.Text.TokenizeXlmRoberta("input_ids", "Text", folder.Root).Fit(data).Transform(data).GetColumn<long[]>("input_ids")];

        using XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(folder.Root);
        int truncated = 0;
        for (int i = 0; i < texts.Length; i++)
        {
            int[] expected = encoder.Tokenize(texts[i]).Ids.ToArray();
            CollectionAssert.AreEqual(expected.Select(v => (long)v).ToArray(), ids[i], $"text {i}");
            Assert.IsLessThanOrEqualTo(6, ids[i].Length, $"text {i}");
            truncated += encoder.Tokenizer.Encode(texts[i]).Count > 6 ? 1 : 0;
        }

        Assert.IsGreaterThan(0, truncated, "some fixture texts are longer than max_seq_length");
    }

    [TestMethod]
    public void TokenizeRejectsAFolderTheEncoderRejects()
    {
        using ScratchModelFolder folder = ScratchModelFolder.Of("feature-extraction");
        folder.EditJson("config.json", c => c["pad_token_id"] = 0);
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(new[] { new TextRow { Text = "Hello" } });
        var fromEncoder = Assert.ThrowsExactly<XlmRobertaModelException>(() => XlmRobertaEncoder.Load(folder.Root));
        var fromTransform = Assert.ThrowsExactly<XlmRobertaModelException>(() => ml.Transforms.Text.TokenizeXlmRoberta("input_ids", "Text", folder.Root).Fit(data));
        Assert.AreEqual(fromEncoder.Field, fromTransform.Field);
        Assert.AreEqual("pad_token_id", fromTransform.Field);
    }
}

using System.Text.Json;
using Microsoft.ML.XlmRoberta.TestSupport;
using Microsoft.ML.XlmRoberta.Tokenization;
using static Microsoft.ML.XlmRoberta.Tests.Tokenization.TokenizerFixture;

namespace Microsoft.ML.XlmRoberta.Tests.Tokenization;

/// <summary>
/// <c>tokenizer.json</c> loading: every fixture text must get the ids Hugging Face's Rust tokenizers (Tokenizers.DotNet
/// 1.4.1, a test-only oracle) give for the same file; file choice and stream factories.
/// </summary>
[TestClass]
public sealed class TokenizerJsonTests
{
    private static readonly Lazy<XlmRobertaTokenizer> LazyFast =
        new(() => XlmRobertaTokenizer.FromModelFolder(SharedFixtures.Model("tokenizer-json-only")));

    /// <summary>Every text of the tokenizer fixtures (cases, pairs, truncation, decode) and every line of both corpora.</summary>
    internal static List<string> AllFixtureTexts()
    {
        var texts = new List<string>();
        foreach (string file in new[] { "cases.jsonl", "pairs.jsonl", "truncation.jsonl", "decode.jsonl" })
        {
            foreach (JsonElement row in Rows(file))
            {
                texts.Add(row.GetProperty("text").GetString()!);
                if (row.TryGetProperty("text_pair", out JsonElement pair) && pair.ValueKind == JsonValueKind.String)
                {
                    texts.Add(pair.GetString()!);
                }
            }
        }

        foreach (string corpus in new[] { "unique.txt", "unique_cold.txt" })
        {
            texts.AddRange(File.ReadLines(SharedFixtures.File("fixtures/corpus/" + corpus)));
        }

        return texts;
    }

    [TestMethod]
    public void IdsMatchRustTokenizersOnEveryFixtureText()
    {
        XlmRobertaTokenizer ours = LazyFast.Value;
        Assert.AreEqual(XlmRobertaTokenizerSource.TokenizerJson, ours.Source);
        using var oracle = new global::Tokenizers.DotNet.Tokenizer(vocabPath: Path.Combine(SharedFixtures.Model("tokenizer-json-only"), "tokenizer.json"));
        var noTruncation = new XlmRobertaEncodeOptions { Truncation = false };
        var mismatches = new List<string>();
        List<string> texts = AllFixtureTexts();
        foreach (string text in texts)
        {
            int[] expected = oracle.Encode(text).Select(id => (int)id).ToArray();
            XlmRobertaEncoding actual = ours.Encode(text, null, noTruncation);
            if (!actual.Ids.SequenceEqual(expected))
            {
                mismatches.Add($"text: {Escape(text)}\nexpected {Show(expected)}\nactual   {Show(actual.Ids)}");
            }
        }

        AssertNoMismatches("fixture texts (tokenizer.json vs Rust tokenizers)", texts.Count, mismatches);
    }

    [TestMethod]
    public void TrailingWhitespaceKeepsAMetaspaceTokenOnlyThroughTokenizerJson()
    {
        // The slow reference ids come from cases.jsonl; the fast tokenizer keeps the ▁ of trailing whitespace.
        JsonElement row = Rows("cases.jsonl").First(r => r.GetProperty("text").GetString() == "   leading and trailing   ");
        int[] slow = Ints(row.GetProperty("ids"));
        IReadOnlyList<int> fast = LazyFast.Value.Encode("   leading and trailing   ").Ids;
        CollectionAssert.AreEqual(slow[..^1].Append(6).Append(2).ToArray(), fast.ToArray());
        CollectionAssert.AreEqual(slow, Tokenizer.Encode("   leading and trailing   ").Ids.ToArray());
    }

    [TestMethod]
    public void DefaultFileIsTheSentencePieceModelAndTokenizerJsonCanBeChosen()
    {
        string both = SharedFixtures.Model("feature-extraction");
        Assert.IsTrue(File.Exists(Path.Combine(both, "tokenizer.json")) && File.Exists(Path.Combine(both, "sentencepiece.bpe.model")));
        Assert.AreEqual(XlmRobertaTokenizerSource.SentencePieceModel, XlmRobertaTokenizer.FromModelFolder(both).Source);
        XlmRobertaTokenizer chosen = XlmRobertaTokenizer.FromModelFolder(both, XlmRobertaTokenizerSource.TokenizerJson);
        Assert.AreEqual(XlmRobertaTokenizerSource.TokenizerJson, chosen.Source);
        CollectionAssert.AreEqual(LazyFast.Value.Encode("Hello world  ").Ids.ToArray(), chosen.Encode("Hello world  ").Ids.ToArray());
        Assert.AreEqual(512, chosen.ModelMaxLength);
        Assert.AreEqual(250002, chosen.VocabularySize);
        Assert.AreEqual(250001, chosen.MaskTokenId);
    }

    [TestMethod]
    public void AModelFolderWithOnlyTokenizerJsonOpens()
    {
        string source = SharedFixtures.Model("tokenizer-json-only");
        string temp = Directory.CreateTempSubdirectory("xlmr-json-only-").FullName;
        try
        {
            foreach (string file in Directory.GetFiles(source))
            {
                File.Copy(file, Path.Combine(temp, Path.GetFileName(file)));
            }

            Directory.CreateDirectory(Path.Combine(temp, "onnx"));
            File.Copy(Path.Combine(SharedFixtures.Model("feature-extraction"), "onnx", "model.onnx"), Path.Combine(temp, "onnx", "model.onnx"));
            var folder = Microsoft.ML.XlmRoberta.ModelFolder.XlmRobertaModelFolder.Open(temp);
            Assert.AreEqual(Path.Combine(folder.Folder, "tokenizer.json"), folder.TokenizerPath);
            Assert.AreEqual(XlmRobertaTokenizerSource.TokenizerJson, XlmRobertaTokenizer.FromModelFolder(temp).Source);
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    [TestMethod]
    public void StreamFactoriesMatchTheFolderLoaders()
    {
        string folder = SharedFixtures.Model("feature-extraction");
        const string Text = "The capital of France is <mask>. <s>x</s> trailing ";
        using (FileStream spm = File.OpenRead(Path.Combine(folder, "sentencepiece.bpe.model")))
        using (FileStream config = File.OpenRead(Path.Combine(folder, "tokenizer_config.json")))
        {
            XlmRobertaTokenizer created = XlmRobertaTokenizer.Create(spm, config);
            Assert.AreEqual(512, created.ModelMaxLength);
            CollectionAssert.AreEqual(Tokenizer.Encode(Text).Ids.ToArray(), created.Encode(Text).Ids.ToArray());
        }

        using FileStream json = File.OpenRead(Path.Combine(folder, "tokenizer.json"));
        XlmRobertaTokenizer fromJson = XlmRobertaTokenizer.CreateFromTokenizerJson(json);
        CollectionAssert.AreEqual(LazyFast.Value.Encode(Text).Ids.ToArray(), fromJson.Encode(Text).Ids.ToArray());
    }

    [TestMethod]
    public void UnsupportedOrMalformedTokenizerJsonIsATypedError()
    {
        string[] bad =
        [
            "{",
            "{\"model\": {\"type\": \"BPE\"}}",
            "{\"model\": {\"type\": \"Unigram\", \"unk_id\": 0, \"vocab\": [[\"<unk>\", 0.0]]}, \"normalizer\": {\"type\": \"Lowercase\"}}",
        ];
        foreach (string text in bad)
        {
            using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
            var e = Assert.ThrowsExactly<SentencePieceModelException>(() => XlmRobertaTokenizer.CreateFromTokenizerJson(stream), text);
            StringAssert.Contains(e.Message, "tokenizer.json");
        }
    }
}

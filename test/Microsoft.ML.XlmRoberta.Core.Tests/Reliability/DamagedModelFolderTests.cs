using System.Text.Json.Nodes;
using Microsoft.ML.XlmRoberta.Embeddings;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Heads;
using Microsoft.ML.XlmRoberta.ModelFolder;
using Microsoft.ML.XlmRoberta.Pooling;
using Microsoft.ML.XlmRoberta.Tests.TestData;

namespace Microsoft.ML.XlmRoberta.Tests.Reliability;

/// <summary>
/// Damaged model folders, built from the fixtures (files truncated, scrambled, removed, JSON edited, folders of one
/// task loaded as another, files swapped between tasks): loading them, head included, must throw
/// <see cref="XlmRobertaModelException"/> naming the file (<see cref="XlmRobertaModelException.Path"/>) and the key,
/// input or output (<see cref="XlmRobertaModelException.Field"/>); nothing else may leak and nothing may load.
/// </summary>
[TestClass]
public sealed class DamagedModelFolderTests
{
    private const string Config = "config.json";
    private const string Spm = "sentencepiece.bpe.model";
    private const string Onnx = "onnx/model.onnx";

    /// <summary>The head built after loading: the failure must come from loading plus this constructor.</summary>
    public enum Head
    {
        Encoder,
        Features,
        Sequence,
        Tokens,
        FillMask,
        Generator,
    }

    private static readonly Dictionary<string, Case> Cases = Build();

    public static IEnumerable<object[]> CaseNames => Cases.Keys.Select(name => new object[] { name });

    [TestMethod]
    public void ThereAreAtLeast36Cases() => Assert.IsGreaterThanOrEqualTo(36, Cases.Count);

    [TestMethod]
    [DynamicData(nameof(CaseNames))]
    public void LoadingThrowsATypedErrorNamingFileAndField(string name)
    {
        Case c = Cases[name];
        using ScratchModelFolder folder = ScratchModelFolder.Of(c.Model);
        c.Damage(folder);
        Exception? thrown = null;
        try
        {
            Load(folder.Root, c.Head);
        }
        catch (Exception e)
        {
            thrown = e;
        }

        Assert.IsNotNull(thrown, $"{name}: the damaged folder loaded as {c.Head} without an error");
        var typed = thrown as XlmRobertaModelException;
        Assert.IsNotNull(typed, $"{name}: expected XlmRobertaModelException, got {thrown.GetType().FullName}: {thrown.Message}");
        string faulty = folder.PathOf(c.File);
        Assert.AreEqual(faulty, typed.Path, $"{name}: wrong file in {typed.Message}");
        Assert.AreEqual(c.Field, typed.Field, $"{name}: wrong field in {typed.Message}");
        StringAssert.Contains(typed.Message, faulty, $"{name}: the message does not name the file");
        StringAssert.Contains(typed.Message, c.Field.Split('\'').Length > 1 ? c.Field.Split('\'')[1] : c.Field, $"{name}: the message does not name the field");
    }

    private static void Load(string folder, Head head)
    {
        if (head == Head.Generator)
        {
            XlmRobertaEmbeddingGenerator.Load(folder).Dispose();
            return;
        }

        using XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(folder);
        _ = head switch
        {
            Head.Features => new XlmRobertaFeatureExtractor(encoder),
            Head.Sequence => new XlmRobertaSequenceClassifier(encoder),
            Head.Tokens => new XlmRobertaTokenClassifier(encoder),
            Head.FillMask => new XlmRobertaFillMask(encoder),
            _ => (object)encoder,
        };
    }

    private static Dictionary<string, Case> Build()
    {
        var cases = new Dictionary<string, Case>();
        void Add(string name, string model, Head head, string file, string field, Action<ScratchModelFolder> damage) =>
            cases.Add(name, new Case(model, head, file, field, damage));
        void Json(string name, string model, Head head, string field, Action<JsonObject> edit) =>
            Add(name, model, head, Config, field, f => f.EditJson(Config, edit));

        // config.json as a file.
        Add("config missing", "feature-extraction", Head.Encoder, Config, Config, f => f.Remove(Config));
        Add("config empty", "feature-extraction", Head.Encoder, Config, Config, f => f.Write(Config, []));
        Add("config truncated", "feature-extraction", Head.Encoder, Config, Config, f => f.Cut(Config, 0.5));
        Add("config binary garbage", "feature-extraction", Head.Encoder, Config, Config, f => f.Scramble(Config, 0, 200, 1));
        Add("config is an array", "feature-extraction", Head.Encoder, Config, Config, f => f.WriteText(Config, "[1, 2]"));
        Add("config is a folder", "feature-extraction", Head.Encoder, Config, Config, f =>
        {
            f.Remove(Config);
            Directory.CreateDirectory(f.PathOf(Config));
        });

        // config.json fields: missing, wrong JSON types, unusable values.
        Json("hidden_size missing", "feature-extraction", Head.Encoder, "hidden_size", c => c.Remove("hidden_size"));
        Json("hidden_size is a string", "feature-extraction", Head.Encoder, "hidden_size", c => c["hidden_size"] = "32");
        Json("hidden_size is fractional", "feature-extraction", Head.Encoder, "hidden_size", c => c["hidden_size"] = 32.5);
        Json("hidden_size is zero", "feature-extraction", Head.Encoder, "hidden_size", c => c["hidden_size"] = 0);
        Json("max_position_embeddings missing", "feature-extraction", Head.Encoder, "max_position_embeddings", c => c.Remove("max_position_embeddings"));
        Json("max_position_embeddings is a string", "feature-extraction", Head.Encoder, "max_position_embeddings", c => c["max_position_embeddings"] = "514");
        Json("max_position_embeddings too small", "feature-extraction", Head.Encoder, "max_position_embeddings", c => c["max_position_embeddings"] = 2);
        Json("pad_token_id is a string", "feature-extraction", Head.Encoder, "pad_token_id", c => c["pad_token_id"] = "1");
        Json("pad_token_id is negative", "feature-extraction", Head.Encoder, "pad_token_id", c => c["pad_token_id"] = -1);
        Json("vocab_size is a string", "feature-extraction", Head.Encoder, "vocab_size", c => c["vocab_size"] = "250002");
        Json("vocab_size below the tokenizer's", "feature-extraction", Head.Features, "vocab_size", c => c["vocab_size"] = 1000);
        Json("model_type is a number", "feature-extraction", Head.Encoder, "model_type", c => c["model_type"] = 5);
        Json("architectures is a string", "feature-extraction", Head.Encoder, "architectures", c => c["architectures"] = "XLMRobertaModel");
        Json("architectures holds a number", "feature-extraction", Head.Encoder, "architectures", c => c["architectures"] = new JsonArray(1));
        Json("id2label value is a number", "text-classification", Head.Sequence, "id2label", c => c["id2label"]!["1"] = 7);
        Json("id2label value is null", "text-classification", Head.Sequence, "id2label", c => c["id2label"]!["1"] = null);
        Json("id2label key is not an id", "text-classification", Head.Sequence, "id2label", c => c["id2label"]!["x"] = "other");
        Json("id2label skips an id", "text-classification", Head.Sequence, "id2label", c => c["id2label"]!.AsObject().Remove("1"));
        Json("id2label has a duplicate id", "text-classification", Head.Sequence, "id2label", c => c["id2label"]!["01"] = "again");
        Json("id2label is an array", "token-classification", Head.Tokens, "id2label", c => c["id2label"] = new JsonArray("O", "B-PER"));

        // Tokenizer files.
        Add("tokenizer missing", "feature-extraction", Head.Encoder, Spm, Spm, f => { f.Remove(Spm); f.Remove("tokenizer.json"); });
        Add("tokenizer empty", "feature-extraction", Head.Encoder, Spm, Spm, f => f.Write(Spm, []));
        Add("tokenizer truncated to half", "feature-extraction", Head.Features, Spm, Spm, f => f.Cut(Spm, 0.5));
        Add("tokenizer truncated to 1000 bytes", "feature-extraction", Head.Encoder, Spm, Spm, f => f.Truncate(Spm, 1000));
        Add("tokenizer is random bytes", "feature-extraction", Head.Encoder, Spm, Spm, f => f.Write(Spm, RandomBytes(4096, 2)));
        Add("tokenizer header scrambled", "feature-extraction", Head.Generator, Spm, Spm, f => f.Scramble(Spm, 0, 64, 3));
        Add("tokenizer is text", "text-classification", Head.Sequence, Spm, Spm, f => f.WriteText(Spm, "not a sentencepiece model\n"));
        Add("tokenizer_config.json not JSON", "feature-extraction", Head.Encoder, "tokenizer_config.json", "tokenizer_config.json",
            f => f.WriteText("tokenizer_config.json", "{ \"mask_token\": "));
        Add("special_tokens_map.json mask_token is a number", "fill-mask", Head.FillMask, "special_tokens_map.json", "special_tokens_map.json",
            f => f.EditJson("special_tokens_map.json", c => c["mask_token"] = 5));

        // ONNX graph files.
        // The tokenizer loads while the session builds; when both files are bad the tokenizer's error is the one reported.
        Add("tokenizer and onnx both random bytes", "feature-extraction", Head.Encoder, Spm, Spm, f =>
        {
            f.Write(Spm, RandomBytes(4096, 6));
            f.Write(Onnx, RandomBytes(4096, 7));
        });
        Add("onnx missing", "feature-extraction", Head.Encoder, Onnx, "model.onnx", f => f.Remove(Onnx));
        Add("onnx empty", "feature-extraction", Head.Encoder, Onnx, "model.onnx", f => f.Write(Onnx, []));
        Add("onnx truncated to half", "feature-extraction", Head.Features, Onnx, "model.onnx", f => f.Cut(Onnx, 0.5));
        Add("onnx truncated to 100 bytes", "text-classification", Head.Sequence, Onnx, "model.onnx", f => f.Truncate(Onnx, 100));
        Add("onnx is random bytes", "feature-extraction", Head.Encoder, Onnx, "model.onnx", f => f.Write(Onnx, RandomBytes(4096, 4)));
        Add("onnx header scrambled", "token-classification", Head.Tokens, Onnx, "model.onnx", f => f.Scramble(Onnx, 0, 256, 5));
        Add("onnx is text", "feature-extraction", Head.Encoder, Onnx, "model.onnx", f => f.WriteText(Onnx, "not a model"));
        Add("onnx external data missing", "feature-extraction-external", Head.Features, Onnx, "model.onnx", f =>
        {
            f.Cut(Onnx, 1.0); // a copy, so that ONNX Runtime looks for the data beside it
            f.Remove("onnx/model.onnx_data");
        });
        Add("onnx external data truncated", "feature-extraction-external", Head.Encoder, Onnx, "model.onnx", f =>
        {
            f.Cut(Onnx, 1.0);
            f.Cut("onnx/model.onnx_data", 0.5);
        });

        // A folder of one task loaded for another.
        Add("fill-mask as sequence classifier", "fill-mask", Head.Sequence, Config, "id2label", _ => { });
        Add("feature-extraction as sequence classifier", "feature-extraction", Head.Sequence, Config, "id2label", _ => { });
        Add("token-classification as sequence classifier", "token-classification", Head.Sequence, Onnx, "output 'logits'", _ => { });
        Add("text-classification as token classifier", "text-classification", Head.Tokens, Onnx, "output 'logits'", _ => { });
        Add("feature-extraction as fill-mask", "feature-extraction", Head.FillMask, Onnx, "output 'last_hidden_state'", _ => { });
        Add("token-classification as fill-mask", "token-classification", Head.FillMask, Onnx, "output 'logits'", _ => { });
        Add("token-classification as feature extractor", "token-classification", Head.Features, Onnx, "output 'logits'", _ => { });
        Add("fill-mask as feature extractor", "fill-mask", Head.Features, Onnx, "output 'logits'", _ => { });
        Add("fill-mask as embedding generator", "fill-mask", Head.Generator, Onnx, "output 'logits'", _ => { });
        Add("text-classification as feature extractor", "text-classification", Head.Features, Onnx, "output 'last_hidden_state'", _ => { });
        Add("multiple-choice as encoder", "multiple-choice", Head.Encoder, Onnx, "input 'input_ids'", _ => { });
        Add("question-answering with labels as sequence classifier", "question-answering", Head.Sequence, Onnx, "output 'start_logits'",
            f => f.EditJson(Config, c => c["id2label"] = new JsonObject { ["0"] = "LABEL_0", ["1"] = "LABEL_1" }));
        Add("question-answering with labels as token classifier", "question-answering", Head.Tokens, Onnx, "output 'logits'",
            f => f.EditJson(Config, c => c["id2label"] = new JsonObject { ["0"] = "LABEL_0", ["1"] = "LABEL_1" }));

        // config.json and graph from different folders, or edited so that they disagree.
        Add("hidden_size 64 against a 32-wide graph", "feature-extraction", Head.Encoder, Onnx, "output 'last_hidden_state'",
            f => f.EditJson(Config, c => c["hidden_size"] = 64));
        Add("multiple-choice config with feature-extraction graph", "feature-extraction", Head.Features, Onnx, "output 'last_hidden_state'",
            f => f.Link("multiple-choice", Config));
        Add("vocab_size 300000 against 250002 logits", "fill-mask", Head.FillMask, Onnx, "output 'logits'",
            f => f.EditJson(Config, c => c["vocab_size"] = 300000));
        Add("9 labels against 3 logits", "text-classification", Head.Sequence, Onnx, "output 'logits'", f => f.Link("token-classification", Config));
        Add("3 labels against 9 logits per token", "token-classification", Head.Tokens, Onnx, "output 'logits'", f => f.Link("text-classification", Config));
        Add("token-classification graph in a text-classification folder", "text-classification", Head.Sequence, Onnx, "output 'logits'",
            f => f.Link("token-classification", Onnx));
        return cases;
    }

    private static byte[] RandomBytes(int count, int seed)
    {
        byte[] bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private sealed record Case(string Model, Head Head, string File, string Field, Action<ScratchModelFolder> Damage);
}

using System.Globalization;
using System.Text.Json.Nodes;

namespace Microsoft.ML.XlmRoberta.TestSupport;

/// <summary>
/// A temporary model folder made of symbolic links to a fixture model's files, so that single files can be replaced,
/// truncated, edited or taken from another fixture without copying the large ones. Deleted on dispose.
/// </summary>
public sealed class ScratchModelFolder : IDisposable
{
    private ScratchModelFolder(string root) => Root = root;

    public string Root { get; }

    public static ScratchModelFolder Empty() => new(Directory.CreateTempSubdirectory("xlmr-damaged-").FullName);

    /// <summary>Links every file of the fixture model <paramref name="model"/>.</summary>
    public static ScratchModelFolder Of(string model)
    {
        ScratchModelFolder folder = Empty();
        string source = SharedFixtures.Model(model);
        foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            folder.Link(model, Path.GetRelativePath(source, file));
        }

        return folder;
    }

    /// <summary>
    /// The feature-extraction fixture plus the files sentence-transformers writes for a Transformer → Pooling
    /// (→ Normalize) model: <c>modules.json</c>, <c>1_Pooling/config.json</c> (<paramref name="pooling"/>: <c>cls</c>,
    /// <c>mean</c>, <c>max</c> or <c>mean_sqrt_len</c>), <c>2_Normalize</c>, <c>sentence_bert_config.json</c> and
    /// <c>config_sentence_transformers.json</c> with the prompts <c>query</c> → <c>"query: "</c> and <c>passage</c> →
    /// <c>"passage: "</c>.
    /// </summary>
    public static ScratchModelFolder SentenceTransformers(string pooling, bool normalize, int? maxSeqLength = null, string? defaultPrompt = null)
    {
        ScratchModelFolder folder = Of("feature-extraction");
        string modules = """[{"idx":0,"name":"0","path":"","type":"sentence_transformers.models.Transformer"},{"idx":1,"name":"1","path":"1_Pooling","type":"sentence_transformers.models.Pooling"}""";
        modules += normalize ? """,{"idx":2,"name":"2","path":"2_Normalize","type":"sentence_transformers.models.Normalize"}]""" : "]";
        folder.WriteText("modules.json", modules);
        string[] modes = ["cls_token", "mean_tokens", "max_tokens", "mean_sqrt_len_tokens"];
        var flags = new List<string>();
        foreach (string mode in modes)
        {
            bool on = mode.StartsWith(pooling + "_", StringComparison.Ordinal) && (pooling != "mean" || mode == "mean_tokens");
            flags.Add($"\"pooling_mode_{mode}\": {(on ? "true" : "false")}");
        }

        folder.WriteText("1_Pooling/config.json", $$"""{"word_embedding_dimension": 32, {{string.Join(",", flags)}}}""");
        if (normalize)
        {
            Directory.CreateDirectory(folder.PathOf("2_Normalize"));
        }

        folder.WriteText("sentence_bert_config.json", $$"""{"max_seq_length": {{(maxSeqLength ?? 512).ToString(CultureInfo.InvariantCulture)}}, "do_lower_case": false}""");
        string defaultName = defaultPrompt is null ? "null" : $"\"{defaultPrompt}\"";
        folder.WriteText("config_sentence_transformers.json", $$"""{"prompts": {"query": "query: ", "passage": "passage: "}, "default_prompt_name": {{defaultName}}, "similarity_fn_name": "cosine"}""");
        return folder;
    }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>Replaces <paramref name="relative"/> with a link to the same file of another fixture model.</summary>
    public void Link(string model, string relative)
    {
        string destination = Prepare(relative);
        File.CreateSymbolicLink(destination, Path.Combine(SharedFixtures.Model(model), relative));
    }

    public void Write(string relative, byte[] bytes) => File.WriteAllBytes(Prepare(relative), bytes);

    public void WriteText(string relative, string text) => File.WriteAllText(Prepare(relative), text);

    public void Remove(string relative) => File.Delete(PathOf(relative));

    /// <summary>Replaces the file by its first <paramref name="length"/> bytes.</summary>
    public void Truncate(string relative, long length)
    {
        byte[] head = new byte[length];
        using (FileStream source = File.OpenRead(PathOf(relative)))
        {
            source.ReadExactly(head);
        }

        Write(relative, head);
    }

    /// <summary>Replaces the file by its first <paramref name="fraction"/> of bytes.</summary>
    public void Cut(string relative, double fraction) => Truncate(relative, (long)(new FileInfo(PathOf(relative)).Length * fraction));

    /// <summary>Overwrites <paramref name="count"/> bytes from <paramref name="offset"/> with seeded random bytes.</summary>
    public void Scramble(string relative, long offset, int count, int seed)
    {
        byte[] bytes = File.ReadAllBytes(PathOf(relative));
        new Random(seed).NextBytes(bytes.AsSpan((int)offset, count));
        Write(relative, bytes);
    }

    /// <summary>Edits a JSON file through a mutable node tree.</summary>
    public void EditJson(string relative, Action<JsonObject> edit)
    {
        JsonObject root = JsonNode.Parse(File.ReadAllText(PathOf(relative)))!.AsObject();
        edit(root);
        WriteText(relative, root.ToJsonString());
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private string Prepare(string relative)
    {
        string destination = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        File.Delete(destination);
        return destination;
    }
}

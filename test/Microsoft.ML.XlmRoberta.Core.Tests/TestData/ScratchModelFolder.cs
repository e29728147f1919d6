using System.Text.Json.Nodes;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Tests.TestData;

/// <summary>
/// A temporary model folder made of symbolic links to a fixture model's files, so that single files can be replaced,
/// truncated, edited or taken from another fixture without copying the large ones. Deleted on dispose.
/// </summary>
internal sealed class ScratchModelFolder : IDisposable
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

using System.Text.Json;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Cli.Tests;

/// <summary>Copies of the fixture models with one thing broken, for failure tests.</summary>
internal static class DamagedModels
{
    /// <summary>
    /// The fixture model for <paramref name="task"/> with every word embedding set to NaN (all bits set, NaN at any
    /// alignment), so every output of the model is NaN. The other files are links to the fixture's.
    /// </summary>
    public static string WithNaNEmbeddings(TempFolder folder, string task)
    {
        string source = SharedFixtures.Model(task);
        string target = LinkedCopy(folder, source, "nan-" + task, except: "onnx");
        using JsonDocument config = JsonDocument.Parse(File.ReadAllText(Path.Combine(source, "config.json")));
        long bytes = 4L * config.RootElement.GetProperty("vocab_size").GetInt64() * config.RootElement.GetProperty("hidden_size").GetInt64();
        byte[] onnx = File.ReadAllBytes(Path.Combine(source, "onnx", "model.onnx"));

        // Matrices of vocabulary × hidden floats (the word embeddings; a fill-mask model's tied decoder too) are the
        // initializers whose raw_data (protobuf field 9, tag 0x4A) has this length.
        byte[] tag = [0x4A, .. Varint(bytes)];
        int found = 0;
        for (int at = onnx.AsSpan().IndexOf(tag); at >= 0; at = NextIndex(onnx, tag, at + tag.Length + (int)bytes))
        {
            onnx.AsSpan(at + tag.Length, (int)bytes).Fill(0xFF);
            found++;
        }

        Assert.IsTrue(found > 0, "the embedding matrix is found");
        Directory.CreateDirectory(Path.Combine(target, "onnx"));
        File.WriteAllBytes(Path.Combine(target, "onnx", "model.onnx"), onnx);
        return target;
    }

    /// <summary>The fixture model for <paramref name="task"/> with <paramref name="file"/> replaced by a line of text that is not JSON (nor protobuf).</summary>
    public static string WithBrokenFile(TempFolder folder, string task, string file)
    {
        string target = LinkedCopy(folder, SharedFixtures.Model(task), $"broken-{file}-{task}-{Guid.NewGuid():N}", except: file);
        File.WriteAllText(Path.Combine(target, file), "{ this is not json");
        return target;
    }

    private static string LinkedCopy(TempFolder folder, string source, string name, string except)
    {
        string target = folder.File(name);
        Directory.CreateDirectory(target);
        foreach (string entry in Directory.GetFileSystemEntries(source))
        {
            string entryName = Path.GetFileName(entry);
            if (entryName != except)
            {
                File.CreateSymbolicLink(Path.Combine(target, entryName), entry);
            }
        }

        return target;
    }

    private static int NextIndex(byte[] data, byte[] tag, int from)
    {
        int i = from >= data.Length ? -1 : data.AsSpan(from).IndexOf(tag);
        return i < 0 ? -1 : from + i;
    }

    private static byte[] Varint(long value)
    {
        var bytes = new List<byte>();
        do
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value != 0 ? (byte)(b | 0x80) : b);
        }
        while (value != 0);
        return [.. bytes];
    }
}

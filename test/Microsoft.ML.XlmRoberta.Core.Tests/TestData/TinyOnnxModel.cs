using System.Text;

namespace Microsoft.ML.XlmRoberta.Tests.TestData;

/// <summary>
/// Writes a minimal ONNX encoder (opset 14) by hand: <c>last_hidden_state[b, s, h] = input_ids[b, s] ·
/// attention_mask[b, s] · weights[h]</c>. Putting NaN or infinity into <c>weights</c> gives a model whose outputs are
/// non-finite for every input, which no real fixture can provide. The protobuf pieces also serve tests that append
/// fields to a fixture graph.
/// </summary>
internal static class TinyOnnxModel
{
    public const int Float = 1;
    public const int Int64 = 7;

    public static byte[] Build(float[] weights)
    {
        byte[] weightBytes = new byte[weights.Length * sizeof(float)];
        Buffer.BlockCopy(weights, 0, weightBytes, 0, weightBytes.Length);
        byte[] graph =
        [
            .. Message(1, Node("Cast", ["input_ids"], "ids_f", Message(5, [.. String(1, "to"), .. Varint(3, Float), .. Varint(20, 2)]))),
            .. Message(1, Node("Cast", ["attention_mask"], "mask_f", Message(5, [.. String(1, "to"), .. Varint(3, Float), .. Varint(20, 2)]))),
            .. Message(1, Node("Mul", ["ids_f", "mask_f"], "masked", [])),
            .. Message(1, Node("Unsqueeze", ["masked", "axes"], "column", [])),
            .. Message(1, Node("Mul", ["column", "weights"], "last_hidden_state", [])),
            .. String(2, "tiny"),
            .. Message(5, Tensor("axes", Int64, [1], BitConverter.GetBytes(2L))),
            .. Message(5, Tensor("weights", Float, [weights.Length], weightBytes)),
            .. Message(11, ValueInfo("input_ids", Int64, "batch_size", "sequence_length")),
            .. Message(11, ValueInfo("attention_mask", Int64, "batch_size", "sequence_length")),
            .. Message(12, ValueInfo("last_hidden_state", Float, "batch_size", "sequence_length", weights.Length)),
        ];
        return
        [
            .. Varint(1, 7),                                                  // ir_version
            .. String(2, "xlmr-tests"),                                       // producer_name
            .. Message(7, graph),
            .. Message(8, [.. String(1, string.Empty), .. Varint(2, 14)]),     // opset_import: default domain, 14
        ];
    }

    private static byte[] Node(string op, string[] inputs, string output, byte[] attributes)
    {
        var node = new List<byte>();
        foreach (string input in inputs)
        {
            node.AddRange(String(1, input));
        }

        node.AddRange(String(2, output));
        node.AddRange(String(3, output + "_node"));
        node.AddRange(String(4, op));
        node.AddRange(attributes);
        return [.. node];
    }

    private static byte[] Tensor(string name, int type, long[] dims, byte[] raw)
    {
        var tensor = new List<byte>();
        foreach (long dim in dims)
        {
            tensor.AddRange(Varint(1, (ulong)dim));
        }

        tensor.AddRange(Varint(2, (ulong)type));
        tensor.AddRange(String(8, name));
        tensor.AddRange(Message(9, raw));
        return [.. tensor];
    }

    /// <summary>A ValueInfoProto: a tensor of <paramref name="type"/> whose dims are names (string) or sizes (int).</summary>
    public static byte[] ValueInfo(string name, int type, params object[] dims)
    {
        var shape = new List<byte>();
        foreach (object dim in dims)
        {
            shape.AddRange(Message(1, dim is string param ? String(2, param) : Varint(1, (ulong)(int)dim)));
        }

        byte[] tensorType = [.. Varint(1, (ulong)type), .. Message(2, [.. shape])];
        return [.. String(1, name), .. Message(2, Message(1, tensorType))];
    }

    private static byte[] String(int field, string value) => Message(field, Encoding.UTF8.GetBytes(value));

    /// <summary>A length-delimited protobuf field.</summary>
    public static byte[] Message(int field, byte[] payload) => [.. Raw((ulong)((field << 3) | 2)), .. Raw((ulong)payload.Length), .. payload];

    private static byte[] Varint(int field, ulong value) => [.. Raw((ulong)(field << 3)), .. Raw(value)];

    private static byte[] Raw(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }
}

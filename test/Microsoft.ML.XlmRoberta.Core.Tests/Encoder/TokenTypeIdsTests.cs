using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Tests.TestData;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Tests.Encoder;

/// <summary>
/// Graphs that also take <c>token_type_ids</c> (as some exporters produce) get zeros for it. The fixture graph is given
/// an extra <c>token_type_ids</c> input by appending a second <c>graph</c> field to the ModelProto bytes, which protobuf
/// merges into the first (repeated <c>input</c> fields concatenate).
/// </summary>
[TestClass]
public sealed class TokenTypeIdsTests
{
    [TestMethod]
    public void ModelsWithTokenTypeIdsAreFedZerosAndMatchReference()
    {
        string source = SharedFixtures.Model("feature-extraction");
        string folder = Directory.CreateTempSubdirectory("xlmr-token-types-").FullName;
        try
        {
            foreach (string file in new[] { "config.json", "sentencepiece.bpe.model" })
            {
                File.CreateSymbolicLink(Path.Combine(folder, file), Path.Combine(source, file));
            }

            Directory.CreateDirectory(Path.Combine(folder, "onnx"));
            using (FileStream output = File.Create(Path.Combine(folder, "onnx", "model.onnx")))
            {
                using (FileStream input = File.OpenRead(Path.Combine(source, "onnx", "model.onnx")))
                {
                    input.CopyTo(output);
                }

                output.Write(GraphWithExtraInput("token_type_ids"));
            }

            var reference = ModelReference.Load("feature-extraction");
            using XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(folder);
            Assert.AreEqual("token_type_ids", encoder.Signature.TokenTypeIdsName);
            float[][] hidden = encoder.GetOutputs(reference.Rows("b"));
            int[][] rows = reference.Rows("b");
            for (int r = 0; r < rows.Length; r++)
            {
                ModelReference.AssertClose(
                    ModelReference.Row(reference.Case("b").GetProperty("output").GetProperty("data"), r).AsSpan(0, rows[r].Length * 32),
                    hidden[r], ModelReference.Tolerance, $"row {r}");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>ModelProto field 7 (graph) holding GraphProto field 11 (input): an int64 [batch_size, sequence_length] tensor.</summary>
    private static byte[] GraphWithExtraInput(string name)
    {
        byte[] Dim(string param) => Field(1, Field(2, System.Text.Encoding.UTF8.GetBytes(param)));
        byte[] shape = [.. Dim("batch_size"), .. Dim("sequence_length")];
        byte[] tensorType = [0x08, 0x07, .. Field(2, shape)]; // elem_type = 7 (INT64), shape
        byte[] valueInfo = [.. Field(1, System.Text.Encoding.UTF8.GetBytes(name)), .. Field(2, Field(1, tensorType))];
        return Field(7, Field(11, valueInfo));
    }

    private static byte[] Field(int number, byte[] payload)
    {
        var bytes = new List<byte> { (byte)((number << 3) | 2) };
        for (uint length = (uint)payload.Length; ; length >>= 7)
        {
            if (length < 0x80)
            {
                bytes.Add((byte)length);
                break;
            }

            bytes.Add((byte)((length & 0x7F) | 0x80));
        }

        bytes.AddRange(payload);
        return [.. bytes];
    }
}

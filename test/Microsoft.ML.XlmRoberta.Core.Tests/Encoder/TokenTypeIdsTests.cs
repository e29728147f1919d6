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
    private static byte[] GraphWithExtraInput(string name) =>
        TinyOnnxModel.Message(7, TinyOnnxModel.Message(11, TinyOnnxModel.ValueInfo(name, TinyOnnxModel.Int64, "batch_size", "sequence_length")));
}

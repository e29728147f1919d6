using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.ML.XlmRoberta.ModelFolder;

namespace Microsoft.ML.XlmRoberta.Encoder;

/// <summary>The inputs and outputs an ONNX encoder exposes, discovered from the session.</summary>
public sealed class ModelSignature
{
    private ModelSignature(
        string inputIds, string attentionMask, string? tokenTypeIds, bool int32Inputs, IReadOnlyDictionary<string, int> outputRanks)
    {
        InputIdsName = inputIds;
        AttentionMaskName = attentionMask;
        TokenTypeIdsName = tokenTypeIds;
        UsesInt32Inputs = int32Inputs;
        OutputRanks = outputRanks;
    }

    /// <summary>The token-id input (<c>input_ids</c>).</summary>
    public string InputIdsName { get; }

    /// <summary>The attention-mask input (<c>attention_mask</c>).</summary>
    public string AttentionMaskName { get; }

    /// <summary>The <c>token_type_ids</c> input when the graph has one (fed with zeros), else <see langword="null"/>.</summary>
    public string? TokenTypeIdsName { get; }

    /// <summary>Whether the id inputs are int32 rather than int64.</summary>
    public bool UsesInt32Inputs { get; }

    /// <summary>Every float32 output and its rank.</summary>
    public IReadOnlyDictionary<string, int> OutputRanks { get; }

    internal static ModelSignature Discover(InferenceSession session, string onnxPath)
    {
        string? ids = null, mask = null, types = null;
        bool? int32 = null;
        foreach (KeyValuePair<string, NodeMetadata> input in session.InputMetadata)
        {
            TensorElementType type = input.Value.ElementDataType;
            if (type != TensorElementType.Int64 && type != TensorElementType.Int32)
            {
                throw new XlmRobertaModelException(
                    $"'{onnxPath}': input '{input.Key}' has element type {type}; only int64 or int32 token inputs are supported.", onnxPath);
            }

            bool is32 = type == TensorElementType.Int32;
            if (int32 is bool seen && seen != is32)
            {
                throw new XlmRobertaModelException($"'{onnxPath}': inputs mix int32 and int64 ('{input.Key}').", onnxPath);
            }

            int32 = is32;
            switch (input.Key)
            {
                case "input_ids": ids = input.Key; break;
                case "attention_mask": mask = input.Key; break;
                case "token_type_ids": types = input.Key; break;
                default:
                    throw new XlmRobertaModelException(
                        $"'{onnxPath}': unexpected input '{input.Key}'; an XLM-R encoder takes input_ids, attention_mask and optionally token_type_ids.", onnxPath);
            }
        }

        if (ids is null || mask is null)
        {
            throw new XlmRobertaModelException(
                $"'{onnxPath}' lacks the input '{(ids is null ? "input_ids" : "attention_mask")}'.", onnxPath);
        }

        var outputs = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, NodeMetadata> output in session.OutputMetadata)
        {
            if (output.Value.IsTensor && output.Value.ElementDataType == TensorElementType.Float)
            {
                outputs[output.Key] = output.Value.Dimensions.Length;
            }
        }

        return new ModelSignature(ids, mask, types, int32 ?? false, outputs);
    }

    /// <summary>Chooses the output a task reads: the first of <paramref name="preferred"/> that exists with rank <paramref name="rank"/>.</summary>
    internal string SelectOutput(string onnxPath, int rank, params string[] preferred)
    {
        foreach (string name in preferred)
        {
            if (OutputRanks.TryGetValue(name, out int r) && r == rank)
            {
                return name;
            }
        }

        foreach (KeyValuePair<string, int> output in OutputRanks)
        {
            if (output.Value == rank)
            {
                return output.Key;
            }
        }

        throw new XlmRobertaModelException(
            $"'{onnxPath}' has no float32 output of rank {rank} (looked for {string.Join(", ", preferred)}; it has " +
            $"{string.Join(", ", OutputRanks.Keys)}).", onnxPath);
    }
}

using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.ML.XlmRoberta.ModelFolder;

namespace Microsoft.ML.XlmRoberta.Encoder;

/// <summary>The inputs and outputs an ONNX encoder exposes, discovered from the session.</summary>
public sealed class ModelSignature
{
    private readonly Dictionary<string, NodeMetadata> _outputs;
    private readonly string? _sequenceAxis;

    private ModelSignature(
        string inputIds, string attentionMask, string? tokenTypeIds, bool int32Inputs, Dictionary<string, NodeMetadata> outputs, string? sequenceAxis,
        bool hasChoiceAxis)
    {
        HasChoiceAxis = hasChoiceAxis;
        InputIdsName = inputIds;
        AttentionMaskName = attentionMask;
        TokenTypeIdsName = tokenTypeIds;
        UsesInt32Inputs = int32Inputs;
        _outputs = outputs;
        _sequenceAxis = sequenceAxis;
        var ranks = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, NodeMetadata> output in outputs)
        {
            ranks[output.Key] = output.Value.Dimensions.Length;
        }

        OutputRanks = ranks;
    }

    /// <summary>The token-id input (<c>input_ids</c>).</summary>
    public string InputIdsName { get; }

    /// <summary>The attention-mask input (<c>attention_mask</c>).</summary>
    public string AttentionMaskName { get; }

    /// <summary>The <c>token_type_ids</c> input when the graph has one (fed with zeros), else <see langword="null"/>.</summary>
    public string? TokenTypeIdsName { get; }

    /// <summary>Whether the id inputs are int32 rather than int64.</summary>
    public bool UsesInt32Inputs { get; }

    /// <summary>
    /// Whether the inputs are <c>[batch, choices, sequence]</c> (a multiple-choice graph, loaded with
    /// <see cref="XlmRobertaEncoder.LoadMultipleChoice"/>) rather than <c>[batch, sequence]</c>.
    /// </summary>
    public bool HasChoiceAxis { get; }

    /// <summary>Every float32 output and its rank.</summary>
    public IReadOnlyDictionary<string, int> OutputRanks { get; }

    internal static ModelSignature Discover(InferenceSession session, string onnxPath, bool multipleChoice = false)
    {
        int inputRank = multipleChoice ? 3 : 2;
        string? ids = null, mask = null, types = null, sequenceAxis = null;
        bool? int32 = null;
        foreach (KeyValuePair<string, NodeMetadata> input in session.InputMetadata)
        {
            string field = $"input '{input.Key}'";
            TensorElementType type = input.Value.ElementDataType;
            if (type != TensorElementType.Int64 && type != TensorElementType.Int32)
            {
                throw new XlmRobertaModelException(
                    $"'{onnxPath}': input '{input.Key}' has element type {type}; only int64 or int32 token inputs are supported.", onnxPath, field);
            }

            if (input.Value.Dimensions.Length != inputRank)
            {
                throw new XlmRobertaModelException(
                    multipleChoice
                        ? $"'{onnxPath}': input '{input.Key}' is {Shape(input.Value)}; a multiple-choice graph takes [batch, choices, sequence]."
                        : $"'{onnxPath}': input '{input.Key}' is {Shape(input.Value)}; an XLM-R encoder takes [batch, sequence] " +
                          "(a graph with a choices axis is a multiple-choice model: load it with XlmRobertaEncoder.LoadMultipleChoice).",
                    onnxPath, field);
            }

            bool is32 = type == TensorElementType.Int32;
            if (int32 is bool seen && seen != is32)
            {
                throw new XlmRobertaModelException($"'{onnxPath}': inputs mix int32 and int64 ('{input.Key}').", onnxPath, field);
            }

            int32 = is32;
            switch (input.Key)
            {
                case "input_ids":
                    ids = input.Key;
                    sequenceAxis = input.Value.SymbolicDimensions[inputRank - 1] is { Length: > 0 } axis ? axis : null;
                    break;
                case "attention_mask": mask = input.Key; break;
                case "token_type_ids": types = input.Key; break;
                default:
                    throw new XlmRobertaModelException(
                        $"'{onnxPath}': unexpected input '{input.Key}'; an XLM-R encoder takes input_ids, attention_mask and optionally token_type_ids.", onnxPath, field);
            }
        }

        if (ids is null || mask is null)
        {
            string missing = ids is null ? "input_ids" : "attention_mask";
            throw new XlmRobertaModelException($"'{onnxPath}' lacks the input '{missing}'.", onnxPath, $"input '{missing}'");
        }

        var outputs = new Dictionary<string, NodeMetadata>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, NodeMetadata> output in session.OutputMetadata)
        {
            if (output.Value.IsTensor && output.Value.ElementDataType == TensorElementType.Float)
            {
                outputs[output.Key] = output.Value;
            }
        }

        return new ModelSignature(ids, mask, types, int32 ?? false, outputs, sequenceAxis, multipleChoice);
    }

    /// <summary>An output's shape as the graph declares it, e.g. <c>[batch_size, sequence_length, 32]</c>.</summary>
    internal string ShapeOf(string output) => Shape(_outputs[output]);

    /// <summary>
    /// Checks at load that an output's last axis holds <paramref name="width"/> values, when the graph fixes it; an
    /// axis that follows the input's sequence axis (a per-token score such as question answering's start_logits) never
    /// fits a per-sequence head.
    /// </summary>
    /// <param name="onnxPath">The graph, for the message.</param>
    /// <param name="output">The output chosen by <see cref="SelectOutput"/>.</param>
    /// <param name="width">The values per row the head needs.</param>
    /// <param name="need">What is expected, for the message (e.g. "3 logits per sequence, one per id2label label in '…'").</param>
    /// <param name="hint">A sentence naming the task the folder seems to hold, or empty.</param>
    internal void RequireWidth(string onnxPath, string output, int width, string need, string hint)
    {
        NodeMetadata metadata = _outputs[output];
        int last = metadata.Dimensions.Length - 1;
        int declared = metadata.Dimensions[last];
        string symbol = metadata.SymbolicDimensions[last];
        bool sequenceWide = declared <= 0 && _sequenceAxis is not null && symbol == _sequenceAxis;
        if ((declared > 0 && declared != width) || sequenceWide)
        {
            throw new XlmRobertaModelException(
                $"'{onnxPath}': output '{output}' is {Shape(metadata)}; expected {need}.{hint}", onnxPath, $"output '{output}'");
        }
    }

    private static string Shape(NodeMetadata metadata)
    {
        var parts = new string[metadata.Dimensions.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            parts[i] = metadata.Dimensions[i] > 0
                ? metadata.Dimensions[i].ToString(System.Globalization.CultureInfo.InvariantCulture)
                : metadata.SymbolicDimensions[i] is { Length: > 0 } name ? name : "?";
        }

        return $"[{string.Join(", ", parts)}]";
    }

    /// <summary>Chooses the output a task reads: the first of <paramref name="preferred"/> that exists with rank <paramref name="rank"/>.</summary>
    internal string SelectOutput(string onnxPath, int rank, string hint, params string[] preferred)
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

        var found = new List<string>(_outputs.Count);
        foreach (KeyValuePair<string, NodeMetadata> output in _outputs)
        {
            found.Add($"{output.Key} {Shape(output.Value)}");
        }

        throw new XlmRobertaModelException(
            $"'{onnxPath}' has no float32 output of rank {rank} (looked for {string.Join(", ", preferred)}; it has " +
            $"{string.Join(", ", found)}).{hint}", onnxPath, $"output '{preferred[0]}'");
    }
}

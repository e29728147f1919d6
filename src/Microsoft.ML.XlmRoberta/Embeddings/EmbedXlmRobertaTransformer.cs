using Microsoft.ML.XlmRoberta.DataView;
using Microsoft.ML.XlmRoberta.Embeddings;
using Microsoft.ML.XlmRoberta.Encoder;

namespace Microsoft.ML.XlmRoberta;

/// <summary>
/// The fitted <c>EmbedXlmRoberta</c> transform: adds a fixed-size <c>Single</c> vector of the model's hidden size.
/// Owns its ONNX Runtime session (dispose it when done; see <see cref="XlmRobertaTransformer"/>).
/// </summary>
public sealed class EmbedXlmRobertaTransformer : XlmRobertaTransformer
{
    /// <summary>The task name in saved settings.</summary>
    internal const string TaskName = "Embed";

    private EmbedXlmRobertaTransformer(EmbedXlmRobertaOptions options, EmbeddingMapper mapper)
        : base(SavedSettings.Of(TaskName, options), options.ModelFolder, new ColumnBinding(options.InputColumnName, null, mapper.Outputs), mapper, options.ReadAheadRows)
    {
        Dimension = mapper.Outputs[EmbeddingMapper.EmbeddingRole].Size;
    }

    /// <summary>The embedding size (the model's hidden size).</summary>
    public int Dimension { get; }

    /// <summary>The encoder the transform runs (owned by it).</summary>
    internal XlmRobertaEncoder Encoder => ((EmbeddingMapper)Mapper).Encoder;

    private protected override string Contract => EmbeddingContracts.For(Dimension);

    /// <summary>Loads the model of validated <paramref name="options"/> and makes the transformer that owns it.</summary>
    internal static EmbedXlmRobertaTransformer Load(EmbedXlmRobertaOptions options) =>
        LoadWithEncoder(options, encoder => new EmbedXlmRobertaTransformer(options, new EmbeddingMapper(encoder, options)));
}

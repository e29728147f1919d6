using Microsoft.ML.XlmRoberta.DataView;
using Microsoft.ML.XlmRoberta.Embeddings;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Pooling;

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

    /// <summary>The pooling in use: the options', else the folder's sentence-transformers Pooling module, else mean.</summary>
    public PoolingMode Pooling => ((EmbeddingMapper)Mapper).Extractor.Pooling;

    /// <summary>Whether vectors are L2-normalized: the options' choice, else whether the folder has a Normalize module.</summary>
    public bool Normalize => ((EmbeddingMapper)Mapper).Extractor.Normalize;

    /// <summary>The encoder the transform runs (owned by it).</summary>
    internal XlmRobertaEncoder Encoder => ((EmbeddingMapper)Mapper).Encoder;

    private protected override string Contract => EmbeddingContracts.For(Dimension);

    /// <summary>Loads the model of validated <paramref name="options"/> and makes the transformer that owns it.</summary>
    internal static EmbedXlmRobertaTransformer Load(EmbedXlmRobertaOptions options) =>
        LoadWithEncoder(options, encoder => new EmbedXlmRobertaTransformer(options, new EmbeddingMapper(encoder, options)));

    /// <summary>
    /// Saved options of settings <paramref name="version"/> as this version reads them. Version 1 had no prompts:
    /// its transforms keep embedding the texts as they are, whatever default prompt the folder names.
    /// </summary>
    internal static EmbedXlmRobertaOptions Upgrade(EmbedXlmRobertaOptions options, int version)
    {
        if (version == SavedSettings.FirstVersion)
        {
            options.Prompt ??= "";
        }

        return options;
    }
}

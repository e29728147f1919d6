using Microsoft.ML.XlmRoberta.Embeddings;
using Microsoft.ML.XlmRoberta.Engine;

namespace Microsoft.ML.XlmRoberta.Persistence;

/// <summary>The custom-mapping estimator (with its contract) that stands for a task in a saved model.</summary>
internal static class PersistedMappings
{
    public static IEstimator<ITransformer> Create(MLContext context, XlmRobertaTask task) => task.Config.Task switch
    {
        TaskKind.Embeddings => EmbeddingContracts.Create(context, ((EmbeddingsTask)task).Dimension),
        TaskKind.Tokenize => context.Transforms.CustomMapping(Mapping<TokenizeRow>(), TaskContracts.Tokenize),
        TaskKind.SequenceClassification => context.Transforms.CustomMapping(Mapping<SequenceClassificationRow>(), TaskContracts.SequenceClassification),
        _ => context.Transforms.CustomMapping(Mapping<TokenClassificationRow>(), TaskContracts.TokenClassification),
    };

    /// <summary>The same mapping the loaded model's factory gives (see <see cref="PersistedMappingFactory{TDst}"/>).</summary>
    public static Action<PersistedInput, TDst> Mapping<TDst>()
        where TDst : class, IPersistedRow, new() => new MappingSource<TDst>().GetMapping();

    private sealed class MappingSource<TDst> : PersistedMappingFactory<TDst>
        where TDst : class, IPersistedRow, new()
    {
    }
}

using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using Microsoft.ML.XlmRoberta.DataView;

namespace Microsoft.ML.XlmRoberta.Persistence;

/// <summary>
/// The custom-mapping contracts of saved embedding transforms. A loaded column gets its type from the row class, so
/// there is one contract per vector size of the XLM-R family (768 base, 1024 large, 2560 XL, 4096 XXL; 32 for the
/// test models); other sizes load as variable-size vectors.
/// </summary>
internal static class EmbeddingContracts
{
    public const string Prefix = "XlmRoberta.Embeddings.";
    public const string Variable = Prefix + "Variable";

    public static IEstimator<ITransformer> Create(MLContext context, int dimension) => dimension switch
    {
            32 => Create<Embedding32Row>(context, EmbeddingContracts.Prefix + "32"),
            768 => Create<Embedding768Row>(context, EmbeddingContracts.Prefix + "768"),
            1024 => Create<Embedding1024Row>(context, EmbeddingContracts.Prefix + "1024"),
            2560 => Create<Embedding2560Row>(context, EmbeddingContracts.Prefix + "2560"),
            4096 => Create<Embedding4096Row>(context, EmbeddingContracts.Prefix + "4096"),
            _ => Create<EmbeddingVariableRow>(context, Variable),
        };

    private static IEstimator<ITransformer> Create<TDst>(MLContext context, string contract)
        where TDst : class, IPersistedRow, new() =>
        context.Transforms.CustomMapping(PersistedMappings.Mapping<TDst>(), contract);
}

/// <summary>An embedding of a size without its own contract.</summary>
internal sealed class EmbeddingVariableRow : IPersistedRow
{
    [ColumnName(PersistedColumns.Out0)]
    public float[] Embedding { get; set; } = [];

    public void Fill(BatchValues values) => Embedding = ((float[][])values.Columns[0])[0];
}

/// <summary>Loads saved embedding transforms of other sizes.</summary>
[CustomMappingFactoryAttribute(EmbeddingContracts.Variable)]
internal sealed class EmbeddingVariableFactory : PersistedMappingFactory<EmbeddingVariableRow>
{
}

/// <summary>A 32-wide embedding.</summary>
internal sealed class Embedding32Row : IPersistedRow
{
    [ColumnName(PersistedColumns.Out0)]
    [VectorType(32)]
    public float[] Embedding { get; set; } = [];

    public void Fill(BatchValues values) => Embedding = ((float[][])values.Columns[0])[0];
}

/// <summary>Loads saved 32-wide embedding transforms.</summary>
[CustomMappingFactoryAttribute(EmbeddingContracts.Prefix + "32")]
internal sealed class Embedding32Factory : PersistedMappingFactory<Embedding32Row>
{
}

/// <summary>A 768-wide embedding.</summary>
internal sealed class Embedding768Row : IPersistedRow
{
    [ColumnName(PersistedColumns.Out0)]
    [VectorType(768)]
    public float[] Embedding { get; set; } = [];

    public void Fill(BatchValues values) => Embedding = ((float[][])values.Columns[0])[0];
}

/// <summary>Loads saved 768-wide embedding transforms.</summary>
[CustomMappingFactoryAttribute(EmbeddingContracts.Prefix + "768")]
internal sealed class Embedding768Factory : PersistedMappingFactory<Embedding768Row>
{
}

/// <summary>A 1024-wide embedding.</summary>
internal sealed class Embedding1024Row : IPersistedRow
{
    [ColumnName(PersistedColumns.Out0)]
    [VectorType(1024)]
    public float[] Embedding { get; set; } = [];

    public void Fill(BatchValues values) => Embedding = ((float[][])values.Columns[0])[0];
}

/// <summary>Loads saved 1024-wide embedding transforms.</summary>
[CustomMappingFactoryAttribute(EmbeddingContracts.Prefix + "1024")]
internal sealed class Embedding1024Factory : PersistedMappingFactory<Embedding1024Row>
{
}

/// <summary>A 2560-wide embedding.</summary>
internal sealed class Embedding2560Row : IPersistedRow
{
    [ColumnName(PersistedColumns.Out0)]
    [VectorType(2560)]
    public float[] Embedding { get; set; } = [];

    public void Fill(BatchValues values) => Embedding = ((float[][])values.Columns[0])[0];
}

/// <summary>Loads saved 2560-wide embedding transforms.</summary>
[CustomMappingFactoryAttribute(EmbeddingContracts.Prefix + "2560")]
internal sealed class Embedding2560Factory : PersistedMappingFactory<Embedding2560Row>
{
}

/// <summary>A 4096-wide embedding.</summary>
internal sealed class Embedding4096Row : IPersistedRow
{
    [ColumnName(PersistedColumns.Out0)]
    [VectorType(4096)]
    public float[] Embedding { get; set; } = [];

    public void Fill(BatchValues values) => Embedding = ((float[][])values.Columns[0])[0];
}

/// <summary>Loads saved 4096-wide embedding transforms.</summary>
[CustomMappingFactoryAttribute(EmbeddingContracts.Prefix + "4096")]
internal sealed class Embedding4096Factory : PersistedMappingFactory<Embedding4096Row>
{
}

using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using Microsoft.ML.XlmRoberta.DataView;
using Microsoft.ML.XlmRoberta.Embeddings;

namespace Microsoft.ML.XlmRoberta.Persistence;

/// <summary>An embedding of a size without its own contract.</summary>
internal sealed class EmbeddingVariableRow : ISavedRow
{
    [ColumnName(SavedForm.Output0)]
    public float[] Embedding { get; set; } = [];

    public void Fill(BatchValues values) => Embedding = ((float[][])values.Columns[0])[0];
}

/// <summary>Loads saved embedding transforms of other sizes.</summary>
[CustomMappingFactoryAttribute(EmbeddingContracts.Variable)]
internal sealed class EmbeddingVariableFactory : SavedMappingFactory<EmbeddingVariableRow>
{
}

/// <summary>A 32-wide embedding.</summary>
internal sealed class Embedding32Row : ISavedRow
{
    [ColumnName(SavedForm.Output0)]
    [VectorType(32)]
    public float[] Embedding { get; set; } = [];

    public void Fill(BatchValues values) => Embedding = ((float[][])values.Columns[0])[0];
}

/// <summary>Loads saved 32-wide embedding transforms.</summary>
[CustomMappingFactoryAttribute(EmbeddingContracts.Size32)]
internal sealed class Embedding32Factory : SavedMappingFactory<Embedding32Row>
{
}

/// <summary>A 768-wide embedding.</summary>
internal sealed class Embedding768Row : ISavedRow
{
    [ColumnName(SavedForm.Output0)]
    [VectorType(768)]
    public float[] Embedding { get; set; } = [];

    public void Fill(BatchValues values) => Embedding = ((float[][])values.Columns[0])[0];
}

/// <summary>Loads saved 768-wide embedding transforms.</summary>
[CustomMappingFactoryAttribute(EmbeddingContracts.Size768)]
internal sealed class Embedding768Factory : SavedMappingFactory<Embedding768Row>
{
}

/// <summary>A 1024-wide embedding.</summary>
internal sealed class Embedding1024Row : ISavedRow
{
    [ColumnName(SavedForm.Output0)]
    [VectorType(1024)]
    public float[] Embedding { get; set; } = [];

    public void Fill(BatchValues values) => Embedding = ((float[][])values.Columns[0])[0];
}

/// <summary>Loads saved 1024-wide embedding transforms.</summary>
[CustomMappingFactoryAttribute(EmbeddingContracts.Size1024)]
internal sealed class Embedding1024Factory : SavedMappingFactory<Embedding1024Row>
{
}

/// <summary>A 2560-wide embedding.</summary>
internal sealed class Embedding2560Row : ISavedRow
{
    [ColumnName(SavedForm.Output0)]
    [VectorType(2560)]
    public float[] Embedding { get; set; } = [];

    public void Fill(BatchValues values) => Embedding = ((float[][])values.Columns[0])[0];
}

/// <summary>Loads saved 2560-wide embedding transforms.</summary>
[CustomMappingFactoryAttribute(EmbeddingContracts.Size2560)]
internal sealed class Embedding2560Factory : SavedMappingFactory<Embedding2560Row>
{
}

/// <summary>A 4096-wide embedding.</summary>
internal sealed class Embedding4096Row : ISavedRow
{
    [ColumnName(SavedForm.Output0)]
    [VectorType(4096)]
    public float[] Embedding { get; set; } = [];

    public void Fill(BatchValues values) => Embedding = ((float[][])values.Columns[0])[0];
}

/// <summary>Loads saved 4096-wide embedding transforms.</summary>
[CustomMappingFactoryAttribute(EmbeddingContracts.Size4096)]
internal sealed class Embedding4096Factory : SavedMappingFactory<Embedding4096Row>
{
}

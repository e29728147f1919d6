namespace Microsoft.ML.XlmRoberta.Engine;

/// <summary>What a transformer computes.</summary>
internal enum TaskKind
{
    Tokenize,
    Embeddings,
    SequenceClassification,
    TokenClassification,
}

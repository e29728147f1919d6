using Microsoft.ML.XlmRoberta.Cli.Io;

namespace Microsoft.ML.XlmRoberta.Cli.Rows;

/// <summary><c>xlmr embed</c>: <c>{"embedding": [...]}</c>.</summary>
internal sealed record EmbeddingRow(float[] Embedding) : IOutputRow
{
    public void WriteTo(IRowFields fields) => fields.Numbers("embedding", Embedding);
}

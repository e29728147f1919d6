using Microsoft.ML.XlmRoberta.Cli.Io;
using Microsoft.ML.XlmRoberta.Heads;
using Microsoft.ML.XlmRoberta.Server;

namespace Microsoft.ML.XlmRoberta.Cli.Rows;

/// <summary><c>xlmr ner</c>: per token its label, score and offsets; the entities with their text (as the server's <c>/ner</c>).</summary>
internal sealed record TokenClassificationRow(TokenClassificationResult Result, string Text) : IOutputRow
{
    public void WriteTo(IRowFields fields)
    {
        fields.Structured("tokens", Result.Tokens, static (w, tokens) => HeadJson.WriteTokens(w, tokens, JsonArrays.WriteFinite));
        fields.Structured("entities", this, static (w, row) => HeadJson.WriteEntities(w, row.Result.Entities, row.Text, JsonArrays.WriteFinite));
    }
}

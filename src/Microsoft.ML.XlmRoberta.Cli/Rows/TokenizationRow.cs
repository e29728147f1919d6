using System.Text.Json;
using Microsoft.ML.XlmRoberta.Cli.Io;
using Microsoft.ML.XlmRoberta.Tokenization;

namespace Microsoft.ML.XlmRoberta.Cli.Rows;

/// <summary><c>xlmr tokenize</c>: ids, tokens and [start, end] offsets.</summary>
internal sealed record TokenizationRow(XlmRobertaEncoding Encoding) : IOutputRow
{
    public void WriteTo(IRowFields fields)
    {
        fields.Structured("ids", Encoding, static (w, e) =>
        {
            w.WriteStartArray();
            foreach (int id in e.Ids)
            {
                w.WriteNumberValue(id);
            }

            w.WriteEndArray();
        });
        fields.Structured("tokens", Encoding, static (w, e) =>
        {
            w.WriteStartArray();
            foreach (string token in e.Tokens)
            {
                w.WriteStringValue(token);
            }

            w.WriteEndArray();
        });
        fields.Structured("offsets", Encoding, static (w, e) =>
        {
            w.WriteStartArray();
            foreach (TokenOffset offset in e.Offsets)
            {
                w.WriteStartArray();
                w.WriteNumberValue(offset.Start);
                w.WriteNumberValue(offset.End);
                w.WriteEndArray();
            }

            w.WriteEndArray();
        });
    }
}

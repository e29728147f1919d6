using Microsoft.ML.XlmRoberta.Cli.Io;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Tokenization;

namespace Microsoft.ML.XlmRoberta.Cli.Commands;

/// <summary>Turns a batch of records into what the encoder takes: their texts, and their encodings (pairs included).</summary>
internal static class EncodingBatch
{
    public static XlmRobertaEncoding[] Tokenize(XlmRobertaEncoder encoder, IReadOnlyList<InputRecord> records)
    {
        var pairs = new string?[records.Count];
        for (int i = 0; i < pairs.Length; i++)
        {
            pairs[i] = records[i].TextPair;
        }

        return encoder.Tokenize(Texts(records), pairs);
    }

    public static string[] Texts(IReadOnlyList<InputRecord> records)
    {
        var texts = new string[records.Count];
        for (int i = 0; i < texts.Length; i++)
        {
            texts[i] = records[i].Text;
        }

        return texts;
    }
}

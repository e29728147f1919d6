using Microsoft.ML.XlmRoberta.Cli.Io;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Tokenization;

namespace Microsoft.ML.XlmRoberta.Cli.Commands;

/// <summary>Tokenizes a batch of records (single texts and pairs alike) with the encoder's settings.</summary>
internal static class EncodingBatch
{
    public static XlmRobertaEncoding[] Tokenize(XlmRobertaEncoder encoder, IReadOnlyList<InputRecord> records)
    {
        var encodings = new XlmRobertaEncoding[records.Count];
        for (int i = 0; i < encodings.Length; i++)
        {
            encodings[i] = encoder.Tokenize(records[i].Text, records[i].TextPair);
        }

        return encodings;
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

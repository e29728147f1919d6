using Microsoft.ML.XlmRoberta.Cli.Io;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Tokenization;

namespace Microsoft.ML.XlmRoberta.Cli.Commands;

/// <summary>Turns a batch of records into what the encoder takes: their texts, and their encodings (pairs included).</summary>
internal static class EncodingBatch
{
    /// <param name="encoder">The encoder whose tokenization (and truncation) the records take.</param>
    /// <param name="records">The records.</param>
    /// <param name="prepare">Rewrites the texts first (e.g. puts a prompt before them), or null.</param>
    public static XlmRobertaEncoding[] Tokenize(
        XlmRobertaEncoder encoder, IReadOnlyList<InputRecord> records, Func<IReadOnlyList<string>, IReadOnlyList<string>>? prepare = null)
    {
        var pairs = new string?[records.Count];
        for (int i = 0; i < pairs.Length; i++)
        {
            pairs[i] = records[i].TextPair;
        }

        string[] texts = Texts(records);
        return encoder.Tokenize(prepare is null ? texts : prepare(texts), pairs);
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

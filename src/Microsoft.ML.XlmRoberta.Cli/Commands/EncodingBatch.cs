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

    /// <summary>
    /// The read-ahead of a command that runs <see cref="Tokenize"/>'s encodings: a record's length is that of its
    /// encoding, after <paramref name="check"/> (which throws for a record the command rejects).
    /// </summary>
    public static ReadAhead ReadAhead(
        XlmRobertaEncoder encoder, Func<IReadOnlyList<string>, IReadOnlyList<string>>? prepare = null, Action<InputRecord>? check = null) =>
        new(encoder, record =>
        {
            check?.Invoke(record);
            return Tokenize(encoder, [record], prepare)[0].Count;
        });

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

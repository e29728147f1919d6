using System.CommandLine;
using Microsoft.ML.XlmRoberta.Cli.Io;
using Microsoft.ML.XlmRoberta.Cli.Rows;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Heads;

namespace Microsoft.ML.XlmRoberta.Cli.Commands;

/// <summary><c>xlmr fill-mask</c>: top-k predictions for every &lt;mask&gt;.</summary>
internal static class FillMaskCommand
{
    public static Command Create(CliContext context)
    {
        var options = new EncoderOptions();
        var topK = new Option<int>("--top-k", "-k") { Description = "Candidates per <mask>.", DefaultValueFactory = _ => 5 };
        var command = new Command("fill-mask", """
            Predict the token behind every <mask> with a masked-language model: writes
            {"masks": [[{"id", "token", "score"}, ...], ...]} per input, one list per <mask> in text order.

            Examples:
              echo '{"text": "Paris is the <mask> of France."}' | xlmr fill-mask --model ./xlm-roberta-base
              xlmr fill-mask --input sentences.txt --top-k 10
            """);
        options.AddTo(command);
        command.Options.Add(topK);
        topK.AtLeast(1);
        command.SetAction(result =>
        {
            string folder = options.ResolveModel(result, context, "fill-mask");
            RecordPipeline pipeline = options.Common.CreatePipeline(result, context, "fill-mask", folder, options.RecordsPerCall(result));
            using XlmRobertaEncoder encoder = options.Load(result, folder, "fill-mask");
            var fillMask = new XlmRobertaFillMask(encoder);
            int k = result.GetValue(topK);
            int vocabulary = encoder.Config.VocabularySize ?? encoder.Tokenizer.VocabularySize;
            int maxK = Math.Min(vocabulary, MaxTopK);
            if (k > maxK)
            {
                throw new CliException(ExitCodes.UsageError, $"--top-k {k} is over {maxK} (the vocabulary has {vocabulary} tokens; at most {MaxTopK} candidates are ranked).");
            }

            int maskId = encoder.Tokenizer.MaskTokenId;
            return pipeline.Run(
                (records, output) =>
                {
                    var ids = new IReadOnlyList<int>[records.Count];
                    Tokenization.XlmRobertaEncoding[] encodings = EncodingBatch.Tokenize(encoder, records);
                    for (int i = 0; i < ids.Length; i++)
                    {
                        ids[i] = encodings[i].Ids;
                        RequireMask(records[i], ids[i], maskId, encoder.MaxSequenceLength);
                    }

                    IReadOnlyList<MaskPrediction>[] results = fillMask.PredictIds(ids, k);
                    for (int i = 0; i < records.Count; i++)
                    {
                        output.Write(records[i], new FillMaskRow(results[i]));
                    }
                },
                EncoderOptions.IsInputError);
        });
        return command;
    }

    /// <summary>The most candidates the fill-mask head ranks per mask.</summary>
    private const int MaxTopK = 1024;

    /// <summary>An input without a &lt;mask&gt; the model sees has nothing to predict: an error for its line, not an empty result.</summary>
    private static void RequireMask(InputRecord record, IReadOnlyList<int> ids, int maskId, int maxLength)
    {
        foreach (int id in ids)
        {
            if (id == maskId)
            {
                return;
            }
        }

        bool written = record.Text.Contains("<mask>", StringComparison.Ordinal) || record.TextPair?.Contains("<mask>", StringComparison.Ordinal) == true;
        throw new ArgumentException(written
            ? $"every <mask> lies past the length limit of {maxLength} tokens and was cut off (raise --max-length or shorten the text)"
            : "the text has no <mask> to fill");
    }
}

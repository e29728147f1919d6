using System.CommandLine;
using Microsoft.ML.XlmRoberta.Cli.Io;
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
            using XlmRobertaEncoder encoder = options.Load(result, context, "fill-mask");
            var fillMask = new XlmRobertaFillMask(encoder);
            int k = result.GetValue(topK);
            return options.Common.CreatePipeline(result, context, "fill-mask", result.GetValue(options.BatchSize)).Run(
                (records, output) =>
                {
                    var ids = new IReadOnlyList<int>[records.Count];
                    Tokenization.XlmRobertaEncoding[] encodings = EncodingBatch.Tokenize(encoder, records);
                    for (int i = 0; i < ids.Length; i++)
                    {
                        ids[i] = encodings[i].Ids;
                    }

                    IReadOnlyList<MaskPrediction>[] results = fillMask.PredictIds(ids, k);
                    for (int i = 0; i < records.Count; i++)
                    {
                        IReadOnlyList<MaskPrediction> masks = results[i];
                        output.Write(records[i], w =>
                        {
                            w.WriteStartArray("masks");
                            foreach (MaskPrediction mask in masks)
                            {
                                w.WriteStartArray();
                                foreach (MaskCandidate candidate in mask.Candidates)
                                {
                                    w.WriteStartObject();
                                    w.WriteNumber("id", candidate.TokenId);
                                    w.WriteString("token", candidate.Token);
                                    w.WriteNumber("score", candidate.Score);
                                    w.WriteEndObject();
                                }

                                w.WriteEndArray();
                            }

                            w.WriteEndArray();
                        });
                    }
                },
                EncoderOptions.IsInputError);
        });
        return command;
    }
}

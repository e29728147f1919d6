using System.CommandLine;
using Microsoft.ML.XlmRoberta.Cli.Io;
using Microsoft.ML.XlmRoberta.Cli.Rows;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Heads;

namespace Microsoft.ML.XlmRoberta.Cli.Commands;

/// <summary><c>xlmr classify</c>: sequence classification of texts and text pairs.</summary>
internal static class ClassifyCommand
{
    public static Command Create(CliContext context)
    {
        var options = new EncoderOptions();
        var command = new Command("classify", """
            Classify texts, or text pairs ({"text": premise, "text_pair": hypothesis}), with a sequence-classification
            model: writes {"label", "score", "logits", "probs"} per input (labels from config.json's id2label).

            Examples:
              xlmr classify --input samples/data/pairs.jsonl
              xlmr classify --model ./xnli-model --input pairs.tsv --column premise --pair-column hypothesis --output out.csv
            """);
        options.AddTo(command);
        command.SetAction(result =>
        {
            string folder = options.ResolveModel(result, context, "text-classification");
            RecordPipeline pipeline = options.Common.CreatePipeline(result, context, "classify", folder, options.RecordsPerCall(result), "logits", "probs");
            using XlmRobertaEncoder encoder = options.Load(result, folder, "classify", slidingWindow: false);
            var classifier = new XlmRobertaSequenceClassifier(encoder);
            return pipeline.Run(
                (records, output) =>
                {
                    ClassificationResult[] results = classifier.ClassifyEncodings(EncodingBatch.Tokenize(encoder, records));
                    for (int i = 0; i < records.Count; i++)
                    {
                        output.Write(records[i], new ClassificationRow(results[i]));
                    }
                },
                EncoderOptions.IsInputError,
                EncodingBatch.ReadAhead(encoder));
        });
        return command;
    }
}

using System.CommandLine;
using Microsoft.ML.XlmRoberta.Cli.Io;
using Microsoft.ML.XlmRoberta.Cli.Rows;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Heads;

namespace Microsoft.ML.XlmRoberta.Cli.Commands;

/// <summary><c>xlmr ner</c>: token classification with entity grouping.</summary>
internal static class NerCommand
{
    public static Command Create(CliContext context)
    {
        var options = new EncoderOptions();
        var aggregation = new Option<AggregationStrategy>("--aggregation")
        {
            Description = "How tokens become entities, as Hugging Face's aggregation_strategy: none, simple, first, average, max.",
            DefaultValueFactory = _ => AggregationStrategy.Simple,
        };
        var ignore = new Option<string[]>("--ignore-label")
        {
            Description = "Labels left out of the entities (repeatable; default O).",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("ner", """
            Label tokens with a token-classification model and group them into entities: writes
            {"tokens": [{"token", "label", "score", "start", "end"}], "entities": [{"label", "score", "start", "end", "text"}]}
            per input; start/end are UTF-16 offsets into the text.

            Examples:
              echo '{"text": "Angela Merkel besuchte Paris."}' | xlmr ner --model ./xlm-roberta-ner
              xlmr ner --input news.txt --aggregation first --output entities.jsonl
            """);
        options.AddTo(command);
        command.Options.Add(aggregation);
        command.Options.Add(ignore);
        command.SetAction(result =>
        {
            string folder = options.ResolveModel(result, context, "token-classification");
            RecordPipeline pipeline = options.Common.CreatePipeline(result, context, "ner", folder, options.RecordsPerCall(result));
            using XlmRobertaEncoder encoder = options.Load(result, folder, "ner");
            var classifier = new XlmRobertaTokenClassifier(encoder);
            string[]? ignored = result.GetValue(ignore);
            AggregationStrategy strategy = result.GetValue(aggregation);
            return pipeline.Run(
                (records, output) =>
                {
                    foreach (InputRecord record in records)
                    {
                        RequireSingleText(record);
                    }

                    string[] texts = EncodingBatch.Texts(records);
                    TokenClassificationResult[] results = classifier.PredictEncodings(
                        EncodingBatch.Tokenize(encoder, records), texts, strategy, ignored is { Length: > 0 } ? ignored : null);
                    for (int i = 0; i < records.Count; i++)
                    {
                        output.Write(records[i], new TokenClassificationRow(results[i], texts[i]));
                    }
                },
                EncoderOptions.IsInputError,
                EncodingBatch.ReadAhead(encoder, check: RequireSingleText));
        });
        return command;
    }

    private static void RequireSingleText(InputRecord record)
    {
        if (record.TextPair is not null)
        {
            throw new ArgumentException("ner takes single texts; this line has a text_pair.");
        }
    }
}

using System.CommandLine;
using Microsoft.ML.XlmRoberta.Cli.Io;
using Microsoft.ML.XlmRoberta.Cli.Rows;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Heads;

namespace Microsoft.ML.XlmRoberta.Cli.Commands;

/// <summary><c>xlmr multiple-choice</c>: a prompt scored against each of its choices.</summary>
internal static class MultipleChoiceCommand
{
    public static Command Create(CliContext context)
    {
        var options = new EncoderOptions { Common = new CommonOptions { PairIsList = true } };
        options.Common.Column.DefaultValueFactory = _ => "prompt";
        options.Common.Column.Description = "The prompt column (CSV/TSV) or member (JSON lines); default prompt.";
        options.Common.PairColumn.DefaultValueFactory = _ => "choices";
        options.Common.PairColumn.Description = "The choices: a JSON array of strings as a JSON lines member or a CSV/TSV cell; default choices.";
        var command = new Command("multiple-choice", """
            Score a prompt against each of its choices with a multiple-choice model (XLMRobertaForMultipleChoice): reads
            {"prompt": ..., "choices": [...]} (at least two choices; the count may vary per line) and writes
            {"logits": [...], "probs": [...], "label": N}, one logit and probability per choice and the index of the best.
            Each choice is paired with the prompt (<s> prompt </s></s> choice </s>, truncated like any pair).

            Examples:
              echo '{"prompt": "The cat sat on the", "choices": ["mat.", "moon."]}' | xlmr multiple-choice --model ./xlmr-swag
              xlmr multiple-choice --model ./xlmr-swag --input questions.jsonl --output scores.csv
            """);
        options.AddTo(command);
        command.SetAction(result =>
        {
            string folder = options.ResolveModel(result, context, "multiple-choice");
            RecordPipeline pipeline = options.Common.CreatePipeline(result, context, "multiple-choice", folder, options.RecordsPerCall(result));
            using XlmRobertaEncoder encoder = options.Load(result, folder, "multiple-choice", slidingWindow: false, multipleChoice: true);
            var head = Models.ModelLoading.Load(() => new XlmRobertaMultipleChoice(encoder), folder);
            return pipeline.Run(
                (records, output) =>
                {
                    var inputs = new (string Prompt, IReadOnlyList<string> Choices)[records.Count];
                    for (int i = 0; i < inputs.Length; i++)
                    {
                        IReadOnlyList<string> choices = records[i].TextList ?? throw new ArgumentException("missing \"choices\" (an array of strings)");
                        if (choices.Count < 2)
                        {
                            throw new ArgumentException($"\"choices\" has {choices.Count} item(s); at least two are needed");
                        }

                        inputs[i] = (records[i].Text, choices);
                    }

                    MultipleChoiceResult[] results = head.Choose(inputs);
                    for (int i = 0; i < records.Count; i++)
                    {
                        output.Write(records[i], new MultipleChoiceRow(results[i]));
                    }
                },
                EncoderOptions.IsInputError);
        });
        return command;
    }
}

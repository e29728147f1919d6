using System.CommandLine;
using Microsoft.ML.XlmRoberta.Cli.Io;
using Microsoft.ML.XlmRoberta.Cli.Models;
using Microsoft.ML.XlmRoberta.Cli.Rows;
using Microsoft.ML.XlmRoberta.Tokenization;

namespace Microsoft.ML.XlmRoberta.Cli.Commands;

/// <summary><c>xlmr tokenize</c>: text (and pairs) to ids, tokens and offsets, exactly as Hugging Face.</summary>
internal static class TokenizeCommand
{
    public static Command Create(CliContext context)
    {
        var common = new CommonOptions();
        var command = new Command("tokenize", """
            Tokenize with the model folder's SentencePiece tokenizer, exactly as Hugging Face's XLMRobertaTokenizer:
            writes {"ids": [...], "tokens": [...], "offsets": [[start, end], ...]} per input.
            Offsets are UTF-16 [start, end) in the text the token came from (text or text_pair).

            Examples:
              echo '{"text": "Hello world!"}' | xlmr tokenize
              xlmr tokenize --model ./xlm-roberta-base --input texts.jsonl --output tokens.jsonl --max-length 128
              xlmr tokenize --input reviews.csv --column body --output tokens.csv
            """);
        common.AddTo(command);
        command.SetAction(result =>
        {
            string folder = ModelLocator.Resolve(result.GetValue(common.Model), "feature-extraction", context);
            RecordPipeline pipeline = common.CreatePipeline(result, context, "tokenize", folder, batchSize: 1);
            XlmRobertaTokenizer tokenizer = ModelLoading.Load(() => XlmRobertaTokenizer.FromModelFolder(folder), folder);
            var options = new XlmRobertaEncodeOptions { MaxLength = result.GetValue(common.MaxLength) };
            return pipeline.Run(
                (records, output) =>
                {
                    foreach (InputRecord record in records)
                    {
                        XlmRobertaEncoding encoding = tokenizer.Encode(record.Text, record.TextPair, options);
                        output.Write(record, new TokenizationRow(encoding));
                    }
                },
                isInputError: e => e is ArgumentException);
        });
        return command;
    }
}

using System.CommandLine;
using Microsoft.ML.XlmRoberta.Cli.Io;
using Microsoft.ML.XlmRoberta.Cli.Rows;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Pooling;

namespace Microsoft.ML.XlmRoberta.Cli.Commands;

/// <summary><c>xlmr embed</c>: pooled sentence embeddings.</summary>
internal static class EmbedCommand
{
    public static Command Create(CliContext context)
    {
        var options = new EncoderOptions();
        var pooling = new Option<PoolingMode?>("--pooling")
        {
            Description = "cls, mean (attention-masked) or max (default: the folder's sentence-transformers pooling, else mean).",
        };
        var normalize = new Option<bool>("--normalize")
        {
            Description = "L2-normalize each embedding (x / max(|x|, 1e-12)); on by default for a folder with a Normalize module.",
        };
        var prompt = new Option<string?>("--prompt")
        {
            Description = "Put the folder's prompt NAME before every text (config_sentence_transformers.json, e.g. query or passage).",
            HelpName = "NAME",
        };
        var command = new Command("embed", """
            Embed texts with a feature-extraction model: writes {"embedding": [...]} per input.

            Examples:
              xlmr embed --input samples/data/multilingual.jsonl --normalize
              xlmr embed --model ./xlm-roberta-base --input docs.csv --column body --pooling cls --output vectors.csv
              xlmr embed --model ./multilingual-e5-base --input questions.jsonl --prompt query
            """);
        options.AddTo(command);
        command.Options.Add(pooling);
        command.Options.Add(normalize);
        command.Options.Add(prompt);
        command.SetAction(result =>
        {
            string folder = options.ResolveModel(result, context, "feature-extraction");
            RecordPipeline pipeline = options.Common.CreatePipeline(result, context, "embed", folder, options.RecordsPerCall(result), "embedding");
            using XlmRobertaEncoder encoder = options.Load(result, folder, "embed");
            XlmRobertaFeatureExtractor extractor;
            try
            {
                extractor = new XlmRobertaFeatureExtractor(encoder, new FeatureExtractionOptions
                {
                    Pooling = result.GetValue(pooling),
                    Normalize = result.GetValue(normalize) ? true : null,
                    Prompt = result.GetValue(prompt),
                });
            }
            catch (ArgumentException e)
            {
                throw new CliException(ExitCodes.UsageError, $"--prompt: {e.Message}");
            }

            return pipeline.Run(
                (records, output) =>
                {
                    EmbeddingResult[] embeddings = extractor.EmbedEncodings(EncodingBatch.Tokenize(encoder, records, extractor.ApplyPrompt));
                    for (int i = 0; i < records.Count; i++)
                    {
                        output.Write(records[i], new EmbeddingRow(embeddings[i].Embedding));
                    }
                },
                EncoderOptions.IsInputError,
                EncodingBatch.ReadAhead(encoder, extractor.ApplyPrompt));
        });
        return command;
    }
}

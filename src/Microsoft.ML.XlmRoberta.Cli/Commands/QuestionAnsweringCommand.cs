using System.CommandLine;
using Microsoft.ML.XlmRoberta.Cli.Io;
using Microsoft.ML.XlmRoberta.Cli.Rows;
using Microsoft.ML.XlmRoberta.Encoder;
using Microsoft.ML.XlmRoberta.Heads;

namespace Microsoft.ML.XlmRoberta.Cli.Commands;

/// <summary><c>xlmr qa</c>: extractive question answering with Hugging Face's question-answering pipeline semantics.</summary>
internal static class QuestionAnsweringCommand
{
    public static Command Create(CliContext context)
    {
        var options = new EncoderOptions();
        options.Common.Column.DefaultValueFactory = _ => "question";
        options.Common.Column.Description = "The question column (CSV/TSV) or member (JSON lines); default question.";
        options.Common.PairColumn.DefaultValueFactory = _ => "context";
        options.Common.PairColumn.Description = "The context column (CSV/TSV) or member (JSON lines); default context.";
        options.Common.MaxLength.Description = "Window length in tokens, special tokens included (max_seq_len; default 384, or the model's limit when smaller).";
        var topK = new Option<int>("--top-k", "-k") { Description = "Answers per question, best first.", DefaultValueFactory = _ => 3 };
        var docStride = new Option<int?>("--doc-stride")
        {
            Description = "Context tokens shared by consecutive windows (doc_stride, the overlap; default min(max-length / 2, 128)).",
        };
        var maxAnswer = new Option<int>("--max-answer-length") { Description = "Most tokens in an answer.", DefaultValueFactory = _ => 15 };
        var impossible = new Option<bool>("--handle-impossible-answer")
        {
            Description = "Let the empty answer {\"start\": 0, \"end\": 0, \"answer\": \"\"} compete (scored by the <s> token).",
        };
        var command = new Command("qa", """
            Answer questions from a context with an extractive question-answering model (XLMRobertaForQuestionAnswering):
            reads {"question": ..., "context": ...} and writes {"answers": [{"score", "start", "end", "answer"}, ...]},
            best first. The context is cut into overlapping windows after the question; each answer is widened to whole
            words; start and end count UTF-16 code units of the context. Same answers as Hugging Face's pipeline.

            Examples:
              echo '{"question": "Where do I live?", "context": "My name is Wolfgang and I live in Berlin."}' | xlmr qa --model ./xlmr-squad2
              xlmr qa --model ./xlmr-squad2 --input questions.jsonl --top-k 1 --handle-impossible-answer
            """);
        options.AddTo(command);
        command.Options.Add(topK);
        command.Options.Add(docStride);
        command.Options.Add(maxAnswer);
        command.Options.Add(impossible);
        topK.Between(1, MaxTopK);
        docStride.AtLeast(0);
        maxAnswer.AtLeast(1);
        command.SetAction(result =>
        {
            string folder = options.ResolveModel(result, context, "question-answering");
            RecordPipeline pipeline = options.Common.CreatePipeline(result, context, "qa", folder, options.RecordsPerCall(result));
            using XlmRobertaEncoder encoder = options.Load(result, folder, "qa");
            var qaOptions = new QuestionAnsweringOptions
            {
                TopK = result.GetValue(topK),
                MaxSequenceLength = result.GetValue(options.Common.MaxLength),
                DocStride = result.GetValue(docStride),
                MaxAnswerLength = result.GetValue(maxAnswer),
                HandleImpossibleAnswer = result.GetValue(impossible),
            };
            XlmRobertaQuestionAnswerer answerer = Create(encoder, qaOptions, folder);
            return pipeline.Run(
                (records, output) =>
                {
                    var inputs = new (string Question, string Context)[records.Count];
                    for (int i = 0; i < inputs.Length; i++)
                    {
                        inputs[i] = (records[i].Text, records[i].TextPair ?? throw new ArgumentException("missing \"context\" (the text to answer from)"));
                    }

                    IReadOnlyList<QuestionAnswer>[] results = answerer.Answer(inputs);
                    for (int i = 0; i < records.Count; i++)
                    {
                        output.Write(records[i], new QuestionAnsweringRow(results[i]));
                    }
                },
                EncoderOptions.IsInputError);
        });
        return command;
    }

    /// <summary>The most answers per question (every window contributes up to this many spans).</summary>
    private const int MaxTopK = 1000;

    private static XlmRobertaQuestionAnswerer Create(XlmRobertaEncoder encoder, QuestionAnsweringOptions options, string folder)
    {
        try
        {
            return Models.ModelLoading.Load(() => new XlmRobertaQuestionAnswerer(encoder, options), folder);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new CliException(ExitCodes.UsageError, e.Message.Split('\n')[0].Split(" (Parameter")[0], e);
        }
    }
}

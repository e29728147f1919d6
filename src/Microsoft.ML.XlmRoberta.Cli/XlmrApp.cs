using System.CommandLine;
using Microsoft.ML.XlmRoberta.Cli.Commands;

namespace Microsoft.ML.XlmRoberta.Cli;

/// <summary>The <c>xlmr</c> command line: builds the commands and runs one, mapping failures to exit codes.</summary>
public static class XlmrApp
{
    /// <summary>Runs <c>xlmr</c> with <paramref name="args"/> in <paramref name="context"/>; returns the exit code.</summary>
    public static int Run(string[] args, CliContext context)
    {
        var root = new RootCommand("""
            xlmr: XLM-RoBERTa (base, large, XL) tokenization, embeddings and task heads for Hugging Face model folders,
            on ONNX Runtime. Input is JSON lines {"text": ..., "text_pair": ...}; output is one JSON line per input.
            Exit codes: 0 ok, 1 internal error, 2 usage, 3 model, 4 input, 5 output, 6 some lines skipped, 7 download.
            """);
        root.Subcommands.Add(QuickstartCommand.Create(context));
        root.Subcommands.Add(TokenizeCommand.Create(context));
        root.Subcommands.Add(EmbedCommand.Create(context));
        root.Subcommands.Add(ClassifyCommand.Create(context));
        root.Subcommands.Add(NerCommand.Create(context));
        root.Subcommands.Add(FillMaskCommand.Create(context));
        root.Subcommands.Add(QuestionAnsweringCommand.Create(context));
        root.Subcommands.Add(MultipleChoiceCommand.Create(context));
        root.Subcommands.Add(DownloadCommand.Create(context));
        root.Subcommands.Add(ServeCommand.Create(context));

        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // One line, no help text: the errors name the option and the value.
            var messages = new List<string>(parsed.Errors.Count);
            foreach (System.CommandLine.Parsing.ParseError error in parsed.Errors)
            {
                messages.Add(error.Message.Trim());
            }

            string help = parsed.CommandResult.Command == root ? "xlmr --help" : $"xlmr {parsed.CommandResult.Command.Name} --help";
            context.StandardError.WriteLine($"xlmr: error: {string.Join(" ", messages)} (see {help})");
            return ExitCodes.UsageError;
        }

        var invocation = new InvocationConfiguration
        {
            Output = new StreamWriter(context.StandardOutput) { AutoFlush = true },
            Error = context.StandardError,
            EnableDefaultExceptionHandler = false,
        };
        try
        {
            return parsed.Invoke(invocation);
        }
        catch (CliException e)
        {
            context.StandardError.WriteLine($"xlmr: error: {e.Message}");
            return e.ExitCode;
        }
        catch (Exception e)
        {
            context.StandardError.WriteLine($"xlmr: internal error (please report): {e}");
            return ExitCodes.InternalError;
        }
    }
}

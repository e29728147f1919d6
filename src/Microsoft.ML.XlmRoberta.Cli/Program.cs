using Microsoft.ML.XlmRoberta.Cli;

return XlmrApp.Run(args, CliContext.FromConsole());

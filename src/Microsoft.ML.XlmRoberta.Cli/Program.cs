using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.XlmRoberta.Cli;

// Signals first: ONNX Runtime writes files of its own as it starts (a usage database under ~/.cache), and under a
// file-size limit (ulimit -f) SIGXFSZ must already be ignored for that to fail softly instead of killing the process.
CliContext context = CliContext.FromConsole();
SignalHandlers.Install(context.Interruption);

// ONNX Runtime's own logger would print native lines before our one-line errors (e.g. when CUDA is missing);
// the exceptions it raises carry the same text, so the tool keeps only fatal native logs.
var environment = new EnvironmentCreationOptions { logId = "xlmr", logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
OrtEnv.CreateInstanceWithOptions(ref environment);
return XlmrApp.Run(args, context);

using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.XlmRoberta.Cli;

// ONNX Runtime's own logger would print native lines before our one-line errors (e.g. when CUDA is missing);
// the exceptions it raises carry the same text, so the tool keeps only fatal native logs.
var environment = new EnvironmentCreationOptions { logId = "xlmr", logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
OrtEnv.CreateInstanceWithOptions(ref environment);
CliContext context = CliContext.FromConsole();
using var signals = SignalHandlers.Register(context.Interruption);
return XlmrApp.Run(args, context);

using Microsoft.ML.XlmRoberta.Encoder;

// Usage: NoNativeRuntime MODEL_FOLDER. Prints "<exception type>: <message>" on the first line and exits 0 when
// loading fails with OnnxRuntimeUnavailableException, 1 for any other outcome.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: NoNativeRuntime MODEL_FOLDER");
    return 2;
}

try
{
    using XlmRobertaEncoder encoder = XlmRobertaEncoder.Load(args[0]);
    Console.WriteLine("loaded: no exception");
    return 1;
}
catch (OnnxRuntimeUnavailableException e)
{
    Console.WriteLine($"{e.GetType().FullName}: {e.Message}");
    return 0;
}
catch (Exception e)
{
    Console.WriteLine($"{e.GetType().FullName}: {e.Message}");
    return 1;
}

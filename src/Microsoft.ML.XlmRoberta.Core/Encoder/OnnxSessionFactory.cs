using Microsoft.ML.OnnxRuntime;

namespace Microsoft.ML.XlmRoberta.Encoder;

/// <summary>Creates the ONNX Runtime session for an encoder, applying threads, optimizations and the provider.</summary>
internal static class OnnxSessionFactory
{
    public static InferenceSession Create(string onnxPath, XlmRobertaEncoderOptions options, out ExecutionProvider active)
    {
        if (options.ExecutionProvider == ExecutionProvider.Cuda)
        {
            SessionOptions? cuda = null;
            try
            {
                cuda = CreateOptions(options);
                cuda.AppendExecutionProvider_CUDA(options.CudaDeviceId);
                var session = new InferenceSession(onnxPath, cuda);
                active = ExecutionProvider.Cuda;
                cuda.Dispose();
                return session;
            }
            catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                cuda?.Dispose();
                if (!options.AllowCpuFallback)
                {
                    throw new ExecutionProviderUnavailableException(ExecutionProvider.Cuda, e);
                }
            }
        }

        using SessionOptions cpu = CreateOptions(options);
        active = ExecutionProvider.Cpu;
        return new InferenceSession(onnxPath, cpu);
    }

    private static SessionOptions CreateOptions(XlmRobertaEncoderOptions options)
    {
        var so = new SessionOptions
        {
            GraphOptimizationLevel = options.GraphOptimizationLevel,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        if (options.IntraOpThreads > 0)
        {
            so.IntraOpNumThreads = options.IntraOpThreads;
        }

        // ONNX Runtime's pool threads busy-wait for work between parallel sections by default. On a shared machine
        // that burns the cores the other pool threads (and processes) need: on 2 loaded cores a base model ran
        // ~1.5x faster with spinning off. Results are the same either way.
        string spinning = options.AllowSpinning ? "1" : "0";
        so.AddSessionConfigEntry("session.intra_op.allow_spinning", spinning);
        so.AddSessionConfigEntry("session.inter_op.allow_spinning", spinning);

        return so;
    }
}

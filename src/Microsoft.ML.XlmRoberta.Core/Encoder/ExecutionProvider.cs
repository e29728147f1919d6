namespace Microsoft.ML.XlmRoberta.Encoder;

/// <summary>The ONNX Runtime execution provider that runs the encoder.</summary>
public enum ExecutionProvider
{
    /// <summary>The default CPU provider.</summary>
    Cpu,

    /// <summary>NVIDIA CUDA; needs the GPU build of ONNX Runtime and a CUDA device.</summary>
    Cuda,
}

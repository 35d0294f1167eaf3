using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace TimeSformer.MLNet;

/// <summary>Checks once whether ONNX Runtime can score on a CUDA device here: the application's ONNX Runtime package
/// has the CUDA provider (the CPU package has no CUDA entry point, and asking it for a GPU throws
/// <see cref="EntryPointNotFoundException"/>), and the CUDA libraries that provider needs can be loaded (else it logs a
/// provider load error per session). Where either is missing, scoring runs on the CPU quietly.</summary>
internal static class CudaProbe
{
    private static readonly Lazy<bool> Available = new(() =>
        OrtEnv.Instance().GetAvailableProviders().Contains("CUDAExecutionProvider")
        && (OperatingSystem.IsWindows() ? ["cudart64_12.dll", "cublasLt64_12.dll", "cudnn64_9.dll"]
                                        : new[] { "libcudart.so.12", "libcublasLt.so.12", "libcudnn.so.9" })
            .All(name => NativeLibrary.TryLoad(name, out _)));

    public static bool IsAvailable => Available.Value;
}

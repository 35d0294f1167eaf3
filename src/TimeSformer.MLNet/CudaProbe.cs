using System.Runtime.InteropServices;

namespace TimeSformer.MLNet;

/// <summary>Checks once whether the CUDA libraries ONNX Runtime's CUDA provider needs can be loaded, so that a
/// machine without them scores on the CPU quietly instead of logging a provider load error per session.</summary>
internal static class CudaProbe
{
    private static readonly Lazy<bool> Available = new(() =>
        (OperatingSystem.IsWindows() ? ["cudart64_12.dll", "cublasLt64_12.dll", "cudnn64_9.dll"]
                                     : new[] { "libcudart.so.12", "libcublasLt.so.12", "libcudnn.so.9" })
        .All(name => NativeLibrary.TryLoad(name, out _)));

    public static bool IsAvailable => Available.Value;
}

using TimeSformer.Video;

namespace TimeSformer.Torch.Model;

/// <summary>
/// Keeps oneDNN (inside libtorch 2.10, version 3.7.1) off its AVX-512 kernels on AMD Zen 5 (family 26), where they
/// are wrong: convolution and batch-norm backward return NaN gradients in 1-2% of passes (7 and 4 of 300 CNN-RNN
/// backward passes here, from identical inputs; 0 of 300 with AVX2), and the LSTM forward returns wrong sequences.
/// Sets <c>ONEDNN_MAX_CPU_ISA=AVX2</c> in the C library's environment (<see cref="NativeEnvironment"/>; oneDNN reads it at
/// its first primitive) unless the user set it. The models call this before they build anything.
/// </summary>
internal static class OneDnnCpuIsa
{
    private const string Variable = "ONEDNN_MAX_CPU_ISA";

    private static readonly Lazy<bool> Applied = new(() =>
        OperatingSystem.IsLinux() && IsZen5() && NativeEnvironment.SetUnlessSet(Variable, "AVX2"));

    /// <summary>Caps oneDNN at AVX2 on Zen 5; once per process, a no-op elsewhere. True when the cap was set here.</summary>
    public static bool Apply() => Applied.Value;

    private static bool IsZen5()
    {
        try
        {
            var lines = File.ReadLines("/proc/cpuinfo").Take(40).ToList();
            return lines.Any(l => l.StartsWith("vendor_id", StringComparison.Ordinal) && l.EndsWith("AuthenticAMD", StringComparison.Ordinal))
                && lines.Any(l => l.StartsWith("cpu family", StringComparison.Ordinal) && l.Split(':')[1].Trim() == "26");
        }
        catch (IOException)
        {
            return false;
        }
    }
}

using TimeSformer.Video;

namespace TimeSformer.Cli.Hosting;

/// <summary>
/// Makes libtorch's OpenMP threads sleep instead of spin while they wait (<c>OMP_WAIT_POLICY=PASSIVE</c>). With
/// spinning (the default), a machine with few cores and any other busy thread (decoding, ONNX Runtime, another
/// process) turns each parallel region into a fight for the cores: measured here, the small preset's TorchSharp
/// forward went from 1,162 to 26 ms per clip and its training from 2.3 to 19.6 clips/s.
/// </summary>
/// <remarks>OpenMP reads the variable once, when libtorch is loaded, and .NET's
/// <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not reach native code on Unix: so this goes
/// through <see cref="NativeEnvironment"/>, and only works before the first TorchSharp call. A value the user set is kept.</remarks>
internal static class OpenMpWaitPolicy
{
    private const string Variable = "OMP_WAIT_POLICY";

    /// <summary>Sets <c>OMP_WAIT_POLICY=PASSIVE</c> unless it is already set; returns the policy in force.</summary>
    public static string PreferPassive()
    {
        NativeEnvironment.SetUnlessSet(Variable, "PASSIVE");
        return Environment.GetEnvironmentVariable(Variable)!;
    }
}

using Microsoft.ML.OnnxRuntime;

namespace TimeSformer.Cli.Hosting;

/// <summary>Keeps native libraries from writing their own warnings and errors to stderr (OpenCV's FFmpeg backend on a
/// corrupt file, ONNX Runtime on a model it refuses), so a failure is the one line the CLI prints; <c>--verbose</c>
/// leaves them on.</summary>
internal static class NativeLogging
{
    public static void Quiet()
    {
        try
        {
            OpenCvSharp.Cv2.SetLogLevel(OpenCvSharp.LogLevel.SILENT);
            var options = new EnvironmentCreationOptions { logId = "timesformer", logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
            OrtEnv.CreateInstanceWithOptions(ref options);
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or OnnxRuntimeException)
        {
            // A native library cannot load here; the command that needs it reports that itself.
        }
    }
}

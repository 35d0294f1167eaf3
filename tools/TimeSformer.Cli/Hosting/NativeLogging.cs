using Microsoft.ML.OnnxRuntime;
using TimeSformer.Video;

namespace TimeSformer.Cli.Hosting;

/// <summary>Keeps native libraries from writing their own warnings and errors to stderr (OpenCV's FFmpeg backend on a
/// corrupt file, ONNX Runtime on a model it refuses), so a failure is the one line the CLI prints; <c>--verbose</c>
/// leaves them on.</summary>
internal static class NativeLogging
{
    /// <summary>Sets the environment variables OpenCV and its FFmpeg backend read once, when they load: FFmpeg's own
    /// log goes to OpenCV's logger at level quiet (-8), and that logger is silent. .NET keeps its own copy of the
    /// environment on Unix, so they are set in the C library's (<see cref="NativeEnvironment"/>). A value the user set stays.</summary>
    public static void QuietBeforeLoad()
    {
        NativeEnvironment.SetUnlessSet("OPENCV_FFMPEG_LOGLEVEL", "-8");
        NativeEnvironment.SetUnlessSet("OPENCV_LOG_LEVEL", "SILENT");
    }

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

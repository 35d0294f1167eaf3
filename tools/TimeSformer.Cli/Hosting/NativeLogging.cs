namespace TimeSformer.Cli.Hosting;

/// <summary>Keeps native libraries from writing their own warnings to stderr (e.g. OpenCV's FFmpeg backend on a corrupt
/// file), so a failure is the one line the CLI prints; <c>--verbose</c> leaves them on.</summary>
internal static class NativeLogging
{
    public static void Quiet()
    {
        try
        {
            OpenCvSharp.Cv2.SetLogLevel(OpenCvSharp.LogLevel.ERROR);
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException)
        {
            // OpenCV cannot load here; the command that needs it reports that itself.
        }
    }
}

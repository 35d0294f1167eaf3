namespace TimeSformer.Video;

/// <summary>A video could not be decoded: missing file, not a video, no decodable frame, or a broken stream.
/// The message names the file and the problem.</summary>
public sealed class VideoDecodeException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/> with a reason such as "no decodable frames".</summary>
    public VideoDecodeException(string path, string reason, Exception? inner = null)
        : base($"Cannot decode video '{path}': {reason}", inner)
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>The video file.</summary>
    public string Path { get; }

    /// <summary>What went wrong, without the path.</summary>
    public string Reason { get; }
}

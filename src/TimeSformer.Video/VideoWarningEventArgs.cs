namespace TimeSformer.Video;

/// <summary>A problem that did not stop decoding, e.g. a header that reports more frames than the file holds.</summary>
public sealed class VideoWarningEventArgs(string path, string message) : EventArgs
{
    /// <summary>The video file.</summary>
    public string Path { get; } = path;

    /// <summary>What was wrong and what was done about it.</summary>
    public string Message { get; } = message;
}

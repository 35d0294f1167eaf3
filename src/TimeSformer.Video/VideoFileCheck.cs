namespace TimeSformer.Video;

/// <summary>Says why a path cannot be opened as a video file before OpenCV tries: OpenCV's answer for a folder, a
/// pipe or an unreadable file is a blocked read or "not a video", and a pipe without a writer would block forever.</summary>
internal static class VideoFileCheck
{
    /// <summary>Throws <see cref="VideoDecodeException"/> naming <paramref name="path"/> and the reason when it is not a
    /// readable, non-empty regular file.</summary>
    public static void Require(string path)
    {
        if (Directory.Exists(path))
            throw new VideoDecodeException(path, "it is a folder, not a video file.");
        var file = new FileInfo(path);
        if (!file.Exists)
            throw new VideoDecodeException(path, file.LinkTarget is not null
                ? "it is a symbolic link whose target cannot be reached (missing, or a loop of links)."
                : "the file does not exist. Check the path and the working folder.");
        // A pipe, socket or device reports no size (and a pipe would block a reader); so does an empty file.
        if (file.Length == 0)
            throw new VideoDecodeException(path, "it is empty (0 bytes), or not a regular file (a pipe or a device).");
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new VideoDecodeException(path, $"it cannot be read ({e.Message.TrimEnd('.')}).", e);
        }
    }
}

namespace TimeSformer.Video;

/// <summary>How a <see cref="VideoReader"/> moves between the frames it is asked for.</summary>
public sealed record VideoReaderOptions
{
    /// <summary>The default options.</summary>
    public static VideoReaderOptions Default { get; } = new();

    /// <summary>
    /// Seek (set the frame position) instead of grabbing forward when at least this many frames lie between the
    /// current position and the next wanted frame. A grab still decodes the frame (it only skips the colour
    /// conversion), while a seek decodes from the previous key frame, so seeking pays off for large gaps.
    /// <see cref="int.MaxValue"/> never seeks.
    /// </summary>
    public int SeekThreshold { get; init; } = 48;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (SeekThreshold < 1)
            throw new ArgumentException($"VideoReaderOptions.SeekThreshold must be at least 1, was {SeekThreshold}.");
    }
}

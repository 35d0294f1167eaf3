namespace TimeSformer.Video;

/// <summary>How a <see cref="VideoReader"/> moves between the frames it is asked for.</summary>
public sealed record VideoReaderOptions
{
    /// <summary>The default options.</summary>
    public static VideoReaderOptions Default { get; } = new();

    /// <summary>
    /// For inter-frame codecs (H.264, MPEG-4, ...): seek (set the frame position) instead of grabbing forward when at
    /// least this many frames lie between the current position and the next wanted frame. A grab still decodes the
    /// frame (it only skips the colour conversion); a seek decodes from the key frame before the target, which may lie
    /// before the current position. So seeking is sure to pay only for gaps longer than the key-frame interval; the
    /// default, 250, is x264's default interval. Files with short intervals (OpenCV's mp4v writer: 12) gain from
    /// smaller values: measure with <c>timesformer bench --only Decoding</c>. <see cref="int.MaxValue"/> never seeks.
    /// </summary>
    public int SeekThreshold { get; init; } = 250;

    /// <summary>The seek threshold for intra-only codecs (Motion JPEG), where every frame is a key frame and a seek
    /// decodes just the target.</summary>
    public int IntraOnlySeekThreshold { get; init; } = 2;

    /// <summary>Decoder threads per reader (OpenCV's <c>CAP_PROP_N_THREADS</c>); 0 leaves FFmpeg's default (one per
    /// core). Use 1 when many readers run in parallel, e.g. one per ML.NET cursor or training worker.</summary>
    public int DecoderThreads { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (SeekThreshold < 1)
            throw new ArgumentException($"VideoReaderOptions.SeekThreshold must be at least 1, was {SeekThreshold}.");
        if (DecoderThreads < 0)
            throw new ArgumentException($"VideoReaderOptions.DecoderThreads must not be negative, was {DecoderThreads}.");
        if (IntraOnlySeekThreshold < 1)
            throw new ArgumentException($"VideoReaderOptions.IntraOnlySeekThreshold must be at least 1, was {IntraOnlySeekThreshold}.");
    }
}

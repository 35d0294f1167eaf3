namespace TimeSformer.Video.Synthetic;

/// <summary>File format of the generated videos (MJPG and mp4v through OpenCV; H.264 through an ffmpeg process).</summary>
public enum SyntheticContainer
{
    /// <summary>Motion JPEG in .avi: every frame a key frame, cheap to seek.</summary>
    AviMjpg,

    /// <summary>MPEG-4 Part 2 (mp4v) in .mp4: inter-frame coded, like real-world files.</summary>
    Mp4Mp4v,

    /// <summary>H.264 (libx264, yuv420p) in .mp4, the codec of most real videos; needs an <c>ffmpeg</c> executable
    /// (<see cref="SyntheticMotionOptions.FfmpegPath"/>), since OpenCV here cannot encode it.</summary>
    Mp4H264,
}

namespace TimeSformer.Video.Synthetic;

/// <summary>File format of the generated videos (the encoders OpenCV ships here; H.264 is not one).</summary>
public enum SyntheticContainer
{
    /// <summary>Motion JPEG in .avi: every frame a key frame, cheap to seek.</summary>
    AviMjpg,

    /// <summary>MPEG-4 Part 2 (mp4v) in .mp4: inter-frame coded, like real-world files.</summary>
    Mp4Mp4v,
}

using OpenCvSharp;
using TimeSformer.Contract;

namespace TimeSformer.Video;

/// <summary>
/// Every frame of one video (or of its time segment), decoded once and resized as a <see cref="ClipSpec"/>'s
/// preprocessing resizes frames before cropping, kept as BGR bytes. <see cref="ClipLoader.Load(ResizedVideo, ClipView?, Random?)"/>
/// draws clips from it that equal the clips read from the file, without decoding again: a small training split that
/// draws fresh clips every epoch keeps its videos this way (a few KB a frame at the small models' 32 px).
/// Made by <see cref="ClipLoader.ReadResized"/>; <see cref="ClipLoader.Load(ResizedVideo, ClipView?, Random?)"/> checks
/// that the frames were resized for its clip.
/// </summary>
public sealed class ResizedVideo
{
    /// <summary>The video's path, time fragment included.</summary>
    public required string Path { get; init; }

    /// <summary>The clip the frames were resized for.</summary>
    public required ClipSpec Spec { get; init; }

    /// <summary>The size of every resized frame.</summary>
    public required Size FrameSize { get; init; }

    /// <summary>The resized frames in order, BGR bytes row by row.</summary>
    public required IReadOnlyList<byte[]> Frames { get; init; }

    /// <summary>Bytes held by the frames.</summary>
    public long Bytes => (long)Frames.Count * 3 * FrameSize.Width * FrameSize.Height;
}

using TimeSformer.Contract;

namespace TimeSformer.Video;

/// <summary>Loader-level choices that are not part of the model's <see cref="ClipSpec"/>.</summary>
public sealed record ClipLoaderOptions
{
    /// <summary>The default options: no flip, default reader.</summary>
    public static ClipLoaderOptions Default { get; } = new();

    /// <summary>
    /// Mirror training clips left to right with probability 0.5. Off by default: for direction-of-motion classes a
    /// flip turns "moves left" into "moves right". Evaluation clips (no random source) are never flipped.
    /// </summary>
    public bool HorizontalFlip { get; init; }

    /// <summary>How the reader moves between frames.</summary>
    public VideoReaderOptions Reader { get; init; } = VideoReaderOptions.Default;
}

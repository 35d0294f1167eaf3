using Microsoft.ML;
using TimeSformer.Video;

namespace TimeSformer.MLNet;

/// <summary>The fitted video scoring pipeline made by <see cref="VideoScoringEstimator"/>; saved models reload as
/// the equivalent chain of ML.NET transforms.</summary>
public sealed class VideoScoringTransformer : ComposedTransformer
{
    internal VideoScoringTransformer(ITransformer inner, VideoModelMetadata metadata, VideoScoringOptions options)
        : base(inner)
    {
        Metadata = metadata;
        Options = options;
    }

    /// <summary>Clip spec and labels read from the model.</summary>
    public VideoModelMetadata Metadata { get; }

    /// <summary>Scoring options.</summary>
    public VideoScoringOptions Options { get; }
}

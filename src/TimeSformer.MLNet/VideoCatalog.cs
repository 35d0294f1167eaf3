using Microsoft.ML;
using TimeSformer.Contract;
using TimeSformer.Video;

namespace TimeSformer.MLNet;

/// <summary>Video transforms on <c>mlContext.Transforms</c>.</summary>
public static class VideoCatalog
{
    /// <summary>Loads the clip(s) of each video in <paramref name="inputColumnName"/> into a float vector column
    /// <paramref name="outputColumnName"/> of V*T*3*S*S values (layout [V, T, 3, S, S]), decoded lazily.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Clip column to write.</param>
    /// <param name="inputColumnName">Text column of video paths; defaults to <paramref name="outputColumnName"/>. A path
    /// may end in a time fragment, <c>video.mp4#t=12.5,20</c>, to sample from those seconds only (<see cref="VideoSegment"/>).</param>
    /// <param name="options">Clip spec, views and bad-video handling; defaults to <see cref="VideoClipLoadingOptions"/>'s.</param>
    public static VideoClipLoadingEstimator LoadVideoClips(this TransformsCatalog catalog, string outputColumnName,
        string? inputColumnName = null, VideoClipLoadingOptions? options = null) =>
        new(catalog, outputColumnName, inputColumnName ?? outputColumnName, options ?? new VideoClipLoadingOptions());

    /// <summary>Loads the single evaluation clip of <paramref name="spec"/> from each video.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Clip column to write.</param>
    /// <param name="inputColumnName">Text column of video paths.</param>
    /// <param name="spec">Frames, side, sampling and normalisation.</param>
    public static VideoClipLoadingEstimator LoadVideoClips(this TransformsCatalog catalog, string outputColumnName,
        string inputColumnName, ClipSpec spec) =>
        new(catalog, outputColumnName, inputColumnName, new VideoClipLoadingOptions { Spec = spec });

    /// <summary>Scores each video with the ONNX model at <paramref name="modelPath"/>, configured from its metadata;
    /// see <see cref="VideoScoringEstimator"/> for the columns written.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="modelPath">A TimeSformer.MLNet ONNX model (input <c>pixel_values</c>, output <c>probabilities</c>,
    /// clip spec and labels in its metadata).</param>
    /// <param name="inputColumnName">Text column of video paths.</param>
    /// <param name="options">Device, threads, multi-view and bad-video handling.</param>
    public static VideoScoringEstimator ScoreVideos(this TransformsCatalog catalog, string modelPath,
        string inputColumnName = VideoInput.VideoPathColumnName, VideoScoringOptions? options = null) =>
        new(catalog, modelPath, inputColumnName, options ?? new VideoScoringOptions());
}

using Microsoft.ML;

namespace TimeSformer.MLNet;

/// <summary>
/// Maps a text column of video paths to a float vector column holding the clip(s) of each video (layout
/// [V, T, 3, S, S], V*T*3*S*S values). Lazy: a video is decoded when a cursor reads the row. Made by
/// <see cref="VideoClipLoadingEstimator"/>; saved models reload as the equivalent chain.
/// </summary>
/// <remarks>
/// The column type is a variable-length float vector without dimension annotations: ML.NET does not save a custom
/// mapping's output schema (dotnet/machinelearning issue 3988), so a fixed size would be lost on <c>Load</c>.
/// <c>ApplyOnnxModel</c> takes it with a shape such as [1, -1, 3, S, S] (<see cref="VideoScoringEstimator"/> does this).
/// </remarks>
public sealed class VideoClipLoadingTransformer : ComposedTransformer
{
    internal VideoClipLoadingTransformer(ITransformer inner, string outputColumnName, string inputColumnName, VideoClipLoadingOptions options)
        : base(inner)
    {
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        Options = options;
    }

    /// <summary>The clip column written.</summary>
    public string OutputColumnName { get; }

    /// <summary>The path column read.</summary>
    public string InputColumnName { get; }

    /// <summary>Which clips are loaded and how bad videos are handled.</summary>
    public VideoClipLoadingOptions Options { get; }
}

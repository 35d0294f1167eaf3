namespace TimeSformer.MLNet;

/// <summary>Input row of a video <c>PredictionEngine</c>: the path of one video.</summary>
public sealed class VideoInput
{
    /// <summary>Default name of the path column.</summary>
    public const string VideoPathColumnName = "VideoPath";

    /// <summary>Path of the video file.</summary>
    public string VideoPath { get; set; } = "";
}

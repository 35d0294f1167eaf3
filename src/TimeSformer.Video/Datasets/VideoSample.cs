namespace TimeSformer.Video.Datasets;

/// <summary>One labelled video of a dataset.</summary>
/// <param name="Path">Full path of the video file.</param>
/// <param name="Label">Class label.</param>
/// <param name="Group">Clips of one group (same actor, scene or style) must stay on one side of a split; null when
/// the clip is a group of its own.</param>
/// <param name="Split">The split it belongs to (<see cref="VideoDataset.TrainSplit"/>, <see cref="VideoDataset.TestSplit"/>
/// or another name), or null when not assigned.</param>
/// <param name="Segment">The labelled stretch of the video (a manifest's <c>start,end</c> columns); null for the whole
/// video.</param>
public sealed record VideoSample(string Path, string Label, string? Group = null, string? Split = null, VideoSegment? Segment = null)
{
    /// <summary>What a <see cref="ClipLoader"/> (or ML.NET's path column) takes for this sample: <see cref="Path"/>,
    /// with the segment as a time fragment when there is one.</summary>
    public string Location => Segment?.AppendTo(Path) ?? Path;
}

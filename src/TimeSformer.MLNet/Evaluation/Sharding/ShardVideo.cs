namespace TimeSformer.MLNet.Evaluation.Sharding;

/// <summary>One video of the full list an array job shares out.</summary>
/// <param name="Path">Where this process reads it (absolute, or as <c>ClipLoader</c> takes it, with a time fragment).</param>
/// <param name="Key">Its path relative to the data root (<see cref="TimeSformer.Video.Datasets.VideoShard.KeyOf"/>): what
/// decides its shard, the same on every node.</param>
/// <param name="Label">Its true class; empty when unlabelled (<c>predict</c>).</param>
public sealed record ShardVideo(string Path, string Key, string Label = "");

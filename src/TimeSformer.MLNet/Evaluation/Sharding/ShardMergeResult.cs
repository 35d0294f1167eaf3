using TimeSformer.Contract;

namespace TimeSformer.MLNet.Evaluation.Sharding;

/// <summary>The merged parts of one array job.</summary>
/// <param name="Run">The run the parts share (its <see cref="ShardPartHeader.Shard"/> is 0).</param>
/// <param name="Model">The model's clip spec and labels, from the parts (no model file needed).</param>
/// <param name="Videos">Every video of the list, in list order, scored and bad.</param>
/// <param name="Parts">The part files merged.</param>
/// <param name="Elapsed">Scoring time summed over the shards (compute time, not wall-clock time).</param>
public sealed record ShardMergeResult(ShardPartHeader Run, VideoModelMetadata Model, IReadOnlyList<ScoredVideo> Videos,
    IReadOnlyList<string> Parts, TimeSpan Elapsed);

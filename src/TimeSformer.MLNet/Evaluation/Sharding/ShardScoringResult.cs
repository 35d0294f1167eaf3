namespace TimeSformer.MLNet.Evaluation.Sharding;

/// <summary>What one run of <see cref="ShardScorer.Score"/> did.</summary>
/// <param name="Header">The shard and run.</param>
/// <param name="PartPath">The complete part file.</param>
/// <param name="Videos">Videos of the full list in this shard.</param>
/// <param name="Resumed">Rows an earlier, interrupted run had recorded (not scored again).</param>
/// <param name="Scored">Rows this run scored and recorded.</param>
/// <param name="AlreadyComplete">Whether the part was complete before this run (it scored nothing).</param>
public sealed record ShardScoringResult(ShardPartHeader Header, string PartPath, int Videos, int Resumed, int Scored, bool AlreadyComplete);

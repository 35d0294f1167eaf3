namespace TimeSformer.MLNet.Evaluation;

/// <summary>Options of <see cref="VideoEvaluator.Evaluate"/>.</summary>
public sealed record VideoEvaluationOptions
{
    /// <summary>How videos are scored (device, threads, multi-view, bad videos).</summary>
    public VideoScoringOptions Scoring { get; init; } = new();

    /// <summary>K of the top-K accuracy (clamped to the class count).</summary>
    public int TopK { get; init; } = 5;

    /// <summary>How many of the worst-classified videos the result keeps.</summary>
    public int WorstCount { get; init; } = 8;

    /// <summary>Leave videos scored with a warning (<see cref="ScoredVideo.Warning"/>) out of the metrics too; by default
    /// they count and are listed.</summary>
    public bool ExcludeWarnedVideos { get; init; }

    /// <summary>Told the number of videos scored so far, after each video.</summary>
    public IProgress<int>? Progress { get; init; }
}

using Microsoft.ML.Data;
using TimeSformer.Contract;

namespace TimeSformer.MLNet.Evaluation;

/// <summary>What <see cref="VideoEvaluator.Evaluate"/> found: ML.NET's multiclass metrics over the videos that could
/// be scored, every video's prediction, and the videos that could not be decoded.</summary>
public sealed record VideoEvaluationResult
{
    /// <summary>The ONNX model evaluated.</summary>
    public required string ModelPath { get; init; }

    /// <summary>Clip spec and labels of the model.</summary>
    public required VideoModelMetadata Model { get; init; }

    /// <summary>Metrics from <c>mlContext.MulticlassClassification.Evaluate</c> over the scored videos.</summary>
    public required MulticlassClassificationMetrics Metrics { get; init; }

    /// <summary>K of <see cref="MulticlassClassificationMetrics.TopKAccuracy"/>.</summary>
    public required int TopK { get; init; }

    /// <summary>All videos in input order, scored and bad.</summary>
    public required IReadOnlyList<ScoredVideo> Videos { get; init; }

    /// <summary>The worst-classified scored videos: lowest probability of the true class first.</summary>
    public required IReadOnlyList<ScoredVideo> Worst { get; init; }

    /// <summary>Wall-clock time of scoring.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>Videos that could not be decoded (excluded from the metrics).</summary>
    public IReadOnlyList<ScoredVideo> BadVideos => [.. Videos.Where(v => !v.IsScored)];

    /// <summary>Videos scored with a warning (counted in the metrics unless
    /// <see cref="VideoEvaluationOptions.ExcludeWarnedVideos"/>; see <see cref="ExcludedWarnedVideos"/>).</summary>
    public IReadOnlyList<ScoredVideo> WarnedVideos => [.. Videos.Where(v => v.IsWarned)];

    /// <summary>Whether <see cref="WarnedVideos"/> were left out of the metrics.</summary>
    public bool ExcludedWarnedVideos { get; init; }

    /// <summary>The videos the metrics are computed over.</summary>
    public IReadOnlyList<ScoredVideo> MeasuredVideos => [.. Videos.Where(v => v.IsScored && !(ExcludedWarnedVideos && v.IsWarned))];

    /// <summary>Number of scored videos of each class, in label order.</summary>
    public IReadOnlyList<int> ClassCounts =>
        [.. Model.Labels.Select(label => MeasuredVideos.Count(v => v.Label == label))];
}

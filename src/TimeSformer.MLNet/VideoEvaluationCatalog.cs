using Microsoft.ML;
using Microsoft.ML.Data;
using TimeSformer.MLNet.Mapping;

namespace TimeSformer.MLNet;

/// <summary>Video evaluation on <c>mlContext.MulticlassClassification</c>.</summary>
public static class VideoEvaluationCatalog
{
    /// <summary>ML.NET's multiclass metrics of videos scored by <see cref="VideoCatalog.ScoreVideos"/>, whether by the
    /// fitted pipeline or by one loaded from a .zip: a text label column is first mapped to the model's label keys
    /// (read from the key values of <c>PredictedLabel</c>), so a label the model does not know fails with its name.</summary>
    /// <param name="catalog">The multiclass catalog.</param>
    /// <param name="scored">Scored rows with <c>Score</c>, <c>PredictedLabel</c> and a label column (text or key).</param>
    /// <param name="labelColumnName">The true class column.</param>
    /// <param name="topKPredictionCount">If positive, also the top-k accuracy.</param>
    /// <example><code>
    /// var loaded = mlContext.Model.Load("video-model.zip", out _);
    /// var metrics = mlContext.MulticlassClassification.EvaluateVideos(loaded.Transform(labelledVideos));
    /// </code></example>
    public static MulticlassClassificationMetrics EvaluateVideos(this MulticlassClassificationCatalog catalog, IDataView scored,
        string labelColumnName = "Label", int topKPredictionCount = 0)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(scored);
        if (SchemaColumns.HasTextColumn(scored.Schema, labelColumnName))
        {
            var labels = VideoModelReader.LabelsOf(scored.Schema, nameof(scored));
            scored = LabelKeyMapping.Fit(new MLContext().Transforms, labels, labelColumnName).Transform(scored);
        }
        return catalog.Evaluate(scored, labelColumnName, VideoScoringEstimator.ScoreColumnName,
            VideoScoringEstimator.PredictedLabelColumnName, topKPredictionCount);
    }
}

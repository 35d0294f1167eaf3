using Microsoft.ML;
using Microsoft.ML.Data;
using TimeSformer.MLNet;

namespace TimeSformer.Samples.Tests.Fixtures;

/// <summary>Scores through the library itself, to check what a sample printed.</summary>
internal static class LibraryScoring
{
    /// <summary>The <paramref name="k"/> most probable classes of <paramref name="video"/> by a fresh
    /// <c>ScoreVideos</c> pipeline over <paramref name="model"/>, whose probabilities must sum to 1.</summary>
    public static IReadOnlyList<(string Label, float Probability)> TopK(string model, string video, int k)
    {
        var ml = new MLContext(seed: 0);
        var rows = ml.Data.LoadFromEnumerable(new[] { new VideoInput { VideoPath = video } });
        var estimator = ml.Transforms.ScoreVideos(model);
        float[] score = estimator.Fit(rows).Transform(rows).GetColumn<float[]>(VideoScoringEstimator.ScoreColumnName).Single();
        Assert.AreEqual(1.0, score.Sum(), 1e-5, "probabilities");
        return new VideoPrediction { Score = score }.TopK(estimator.Metadata.Labels, k);
    }
}

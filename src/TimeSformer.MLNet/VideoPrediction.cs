namespace TimeSformer.MLNet;

/// <summary>Output row of a video <c>PredictionEngine</c>.</summary>
public sealed class VideoPrediction
{
    /// <summary>The predicted class name (column <see cref="VideoScoringEstimator.PredictedClassColumnName"/>; the
    /// pipeline's <see cref="VideoScoringEstimator.PredictedLabelColumnName"/> is the same class as a key).</summary>
    public string PredictedClass { get; set; } = "";

    /// <summary>Class probabilities in the model's label order.</summary>
    public float[] Score { get; set; } = [];

    /// <summary>The <paramref name="k"/> most probable classes, most probable first.</summary>
    /// <param name="labels">The model's labels (<see cref="VideoScoringTransformer.Metadata"/>, or <see cref="VideoModelReader.ReadLabels"/> for a loaded model).</param>
    /// <param name="k">How many classes.</param>
    public IReadOnlyList<(string Label, float Probability)> TopK(IReadOnlyList<string> labels, int k)
    {
        if (labels.Count != Score.Length)
            throw new ArgumentException($"{labels.Count} labels given for {Score.Length} scores.", nameof(labels));
        return [.. Score.Select((p, i) => (labels[i], p)).OrderByDescending(x => x.p).Take(k)];
    }
}

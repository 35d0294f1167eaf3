namespace TimeSformer.MLNet.Evaluation.Sharding;

/// <summary>One video's result in a part file.</summary>
/// <param name="Index">Its position in the full list (merged results come in this order).</param>
/// <param name="Key">Its path relative to the data root, which decided its shard.</param>
/// <param name="Path">The path it was read from.</param>
/// <param name="Label">Its true class; empty when unlabelled.</param>
/// <param name="Predicted">The most probable class; empty for a bad video.</param>
/// <param name="Scores">Class probabilities in label order (round-trip exact); empty for a bad video.</param>
/// <param name="Error">Why it could not be decoded; empty when scored.</param>
public sealed record ShardPartRow(int Index, string Key, string Path, string Label, string Predicted, float[] Scores, string Error)
{
    /// <summary>The row as the evaluator's record.</summary>
    public ScoredVideo ToScoredVideo() => new(Path, Label, Predicted, Scores, Error);

    /// <summary>A scored video as the row of list position <paramref name="index"/>.</summary>
    public static ShardPartRow From(int index, string key, ScoredVideo video) =>
        new(index, key, video.Path, video.Label, video.PredictedClass, [.. video.Probabilities], video.Error);
}

namespace TimeSformer.MLNet.Evaluation;

/// <summary>One evaluated video.</summary>
/// <param name="Path">The video file.</param>
/// <param name="Label">Its true class.</param>
/// <param name="PredictedClass">The model's class; empty when the video could not be decoded.</param>
/// <param name="Probabilities">Class probabilities in the model's label order; empty when the video could not be decoded.</param>
/// <param name="Error">Why the video could not be decoded; empty when it was scored.</param>
/// <param name="Warning">What made the scored clip unreliable (cut short, corrupt mid-stream, too few or tiny frames);
/// empty when nothing did.</param>
public sealed record ScoredVideo(string Path, string Label, string PredictedClass, IReadOnlyList<float> Probabilities, string Error = "",
    string Warning = "")
{
    /// <summary>Whether the video was scored with a warning.</summary>
    public bool IsWarned => IsScored && Warning.Length > 0;

    /// <summary>Whether the video was scored (not a bad row).</summary>
    public bool IsScored => Error.Length == 0;

    /// <summary>Whether the prediction is right.</summary>
    public bool IsCorrect => IsScored && PredictedClass == Label;
}

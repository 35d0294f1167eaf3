namespace TimeSformer.Torch.Training;

/// <summary>How the learning rate changes after the linear warm-up.</summary>
public enum LearningRateSchedule
{
    /// <summary>Half-cosine from the base rate down to <see cref="TrainingOptions.MinLearningRateFactor"/> times it.</summary>
    Cosine,

    /// <summary>Multiplied by <see cref="TrainingOptions.DecayFactor"/> at each of <see cref="TrainingOptions.DecayEpochs"/>
    /// (the official recipe).</summary>
    Step,

    /// <summary>Constant.</summary>
    Constant,
}

namespace TimeSformer.Torch.Training;

/// <summary>What a <see cref="TrainingProgress"/> report is about.</summary>
public enum TrainingPhase
{
    /// <summary>A training step finished.</summary>
    Step,

    /// <summary>Validation of an epoch is running.</summary>
    Validating,

    /// <summary>An epoch finished; <see cref="TrainingProgress.Epoch"/> metrics and checkpoints are written.</summary>
    EpochEnd,
}

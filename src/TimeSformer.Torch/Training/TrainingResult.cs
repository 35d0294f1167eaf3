namespace TimeSformer.Torch.Training;

/// <summary>The outcome of a <see cref="Trainer"/> run.</summary>
public sealed record TrainingResult
{
    /// <summary>Metrics of every epoch, the resumed ones included.</summary>
    public required IReadOnlyList<EpochMetrics> History { get; init; }

    /// <summary>1-based epoch of the best checkpoint (by validation accuracy, else training accuracy).</summary>
    public required int BestEpoch { get; init; }

    /// <summary>Accuracy that selected the best checkpoint.</summary>
    public required double BestAccuracy { get; init; }

    /// <summary>The best model checkpoint.</summary>
    public required string BestCheckpointPath { get; init; }

    /// <summary>The model checkpoint after the last epoch.</summary>
    public required string LastCheckpointPath { get; init; }

    /// <summary>The run's model: <see cref="BestCheckpointPath"/> when validation clips ranked the epochs, else
    /// <see cref="LastCheckpointPath"/>. Training accuracy under augmentation is a poor judge of a checkpoint: on the
    /// tuning sets of docs/training-experiments.md (fifth round) the epoch it ranked first scored up to 3 points lower on
    /// held-out groups than the last one, which the schedule ends at its lowest learning rate.</summary>
    public required string ModelCheckpointPath { get; init; }

    /// <summary>1-based epoch of <see cref="ModelCheckpointPath"/>.</summary>
    public required int ModelEpoch { get; init; }

    /// <summary>True when early stopping ended the run before the planned epochs.</summary>
    public required bool StoppedEarly { get; init; }

    /// <summary>The epoch total the schedule ran over: the time budget's plan, else <see cref="TrainingOptions.Epochs"/>.</summary>
    public required int PlannedEpochs { get; init; }

    /// <summary>True when the time budget ended the run: it planned fewer epochs than <see cref="TrainingOptions.Epochs"/>
    /// and they were all trained, or it ran out before <see cref="PlannedEpochs"/> (then the schedule did not reach its
    /// floor; resume with a budget that fits, or without one, to finish it).</summary>
    public required bool EndedByTimeBudget { get; init; }

    /// <summary>Wall-clock time of this call (a resumed run counts only its own part).</summary>
    public required TimeSpan Elapsed { get; init; }
}

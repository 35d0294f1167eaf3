namespace TimeSformer.Torch.Training;

/// <summary>A progress report of a <see cref="Trainer"/> run (for a progress bar: epoch, step, ETA, loss, accuracy).</summary>
public sealed record TrainingProgress
{
    /// <summary>What happened.</summary>
    public required TrainingPhase Phase { get; init; }

    /// <summary>1-based current epoch.</summary>
    public required int Epoch { get; init; }

    /// <summary>Epochs planned (with a time budget: the cap until the first epoch has been measured, then the plan).</summary>
    public required int Epochs { get; init; }

    /// <summary>Steps done in this epoch.</summary>
    public required int Step { get; init; }

    /// <summary>Steps per epoch.</summary>
    public required int StepsPerEpoch { get; init; }

    /// <summary>Mean training loss so far in this epoch.</summary>
    public required double Loss { get; init; }

    /// <summary>Training accuracy so far in this epoch.</summary>
    public required double Accuracy { get; init; }

    /// <summary>Current learning rate.</summary>
    public required double LearningRate { get; init; }

    /// <summary>Time since this run (or resume) started.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>Estimated time to the last planned epoch, from this run's speed (never more than the budget left).</summary>
    public required TimeSpan Remaining { get; init; }

    /// <summary>What is left of <see cref="TrainingOptions.TimeBudget"/> (zero once spent); null without a budget.</summary>
    public TimeSpan? BudgetRemaining { get; init; }

    /// <summary>The finished epoch's metrics (only at <see cref="TrainingPhase.EpochEnd"/>).</summary>
    public EpochMetrics? Metrics { get; init; }
}

namespace TimeSformer.Torch.Training;

/// <summary>
/// Turns a <see cref="TrainingOptions.TimeBudget"/> into an epoch count. The <see cref="Trainer"/> measures its epochs
/// (training, validation and checkpoints), re-plans after each how many epochs fit (<see cref="Replan"/>), and runs the
/// learning-rate schedule over that total, so the run ends at the schedule's floor near the end of the budget. The plan
/// is kept in the training state: a resumed run follows the plan it finds.
/// </summary>
public static class TimeBudgetPlanner
{
    /// <summary>The epoch cap the command line uses when the budget, not <c>--epochs</c>, decides the length.</summary>
    public const int MaxEpochs = 1000;

    /// <summary>Share of the remaining budget held back when planning, so that epochs a little slower than the measured
    /// ones do not run the budget out before the schedule ends.</summary>
    public const double Reserve = 0.05;

    /// <summary>The epoch total that fits in <paramref name="budget"/>: the <paramref name="completedEpochs"/> that took
    /// <paramref name="elapsed"/>, plus as many more at their mean speed as the rest of the budget, less the
    /// <see cref="Reserve"/>, holds; at least <paramref name="completedEpochs"/>, at most <paramref name="cap"/>.</summary>
    public static int Epochs(TimeSpan budget, TimeSpan elapsed, int completedEpochs, int cap)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(completedEpochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cap, completedEpochs);
        double secondsPerEpoch = Math.Max(elapsed.TotalSeconds, 1e-9) / completedEpochs;
        double more = Math.Floor((1 - Reserve) * (budget - elapsed).TotalSeconds / secondsPerEpoch);
        return (int)Math.Clamp(completedEpochs + more, completedEpochs, cap);
    }

    /// <summary>Epochs whose speed the re-plan averages: recent enough to follow a machine that gets busier or quieter,
    /// enough of them that one slow epoch does not swing the schedule.</summary>
    public const int RecentEpochs = 3;

    /// <summary>The epoch total that fits in <paramref name="budget"/> after the epochs that took
    /// <paramref name="epochSeconds"/> (in order) and <paramref name="elapsed"/> in all: as many more as the rest of the
    /// budget, less the <see cref="Reserve"/>, holds at the mean speed of the last <see cref="RecentEpochs"/> epochs
    /// other than the first. The first epoch is left out once there is another, because it pays one-off costs (JIT,
    /// allocator, the first decode of every clip): planning from it alone left half of a 2-minute budget unused.
    /// At least the completed epochs, at most <paramref name="cap"/>.</summary>
    public static int Replan(TimeSpan budget, TimeSpan elapsed, IReadOnlyList<double> epochSeconds, int cap)
    {
        ArgumentNullException.ThrowIfNull(epochSeconds);
        int completed = epochSeconds.Count;
        ArgumentOutOfRangeException.ThrowIfLessThan(completed, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cap, completed);
        var recent = completed == 1 ? epochSeconds : epochSeconds.Skip(Math.Max(1, completed - RecentEpochs)).ToList();
        double secondsPerEpoch = Math.Max(recent.Average(), 1e-9);
        double more = Math.Floor((1 - Reserve) * (budget - elapsed).TotalSeconds / secondsPerEpoch);
        return (int)Math.Clamp(completed + more, completed, cap);
    }

    /// <summary>The options whose schedule spans <paramref name="plannedEpochs"/>. The warm-up is shortened to at most
    /// half of them, so that a short plan still decays to the floor instead of ending mid-warm-up.</summary>
    public static TrainingOptions Schedule(TrainingOptions options, int plannedEpochs) => options with
    {
        Epochs = plannedEpochs,
        WarmupEpochs = Math.Min(options.WarmupEpochs, plannedEpochs / 2.0),
    };
}

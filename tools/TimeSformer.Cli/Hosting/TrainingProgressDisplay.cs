using TimeSformer.Cli.Arguments;
using TimeSformer.Torch.Training;

namespace TimeSformer.Cli.Hosting;

/// <summary>Shows trainer reports: the bar moves with every step (epoch, loss, accuracy, ETA) and each finished epoch
/// leaves one line, which is all that is printed when output is redirected.</summary>
internal sealed class TrainingProgressDisplay(IProgressBar bar) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value) => Report(value, null);

    /// <summary>Shows <paramref name="p"/>, prefixed with the variant's name in an ablation.</summary>
    public void Report(TrainingProgress p, string? variant)
    {
        string prefix = variant is null ? "" : $"[{variant}] ";
        double total = (double)p.Epochs * p.StepsPerEpoch;
        double done = (double)(p.Epoch - 1) * p.StepsPerEpoch + p.Step;
        string eta = DurationText.Clock(p.Remaining);
        bar.Update(done, total, p.Phase == TrainingPhase.Validating
            ? $"{prefix}epoch {p.Epoch}/{p.Epochs} validating, ETA {eta}{BudgetLeft(p)}"
            : $"{prefix}epoch {p.Epoch}/{p.Epochs} loss {p.Loss:0.000} acc {p.Accuracy:0.0%}, ETA {eta}{BudgetLeft(p)}");
        if (p.Phase == TrainingPhase.EpochEnd && p.Metrics is { } m)
            bar.Note(prefix + EpochLine(m, p));
    }

    private static string EpochLine(EpochMetrics m, TrainingProgress p) =>
        $"epoch {m.Epoch}/{p.Epochs}: train loss {m.TrainLoss:0.000} acc {m.TrainAccuracy:0.0%}"
        + (m.ValidationAccuracy is double va ? $", val loss {m.ValidationLoss:0.000} acc {va:0.0%}" : "")
        + $", {m.ClipsPerSecond:0.0} clips/s, {m.Seconds:0.0} s{BudgetLeft(p)}";

    private static string BudgetLeft(TrainingProgress p) => p.BudgetRemaining is { } left ? $", {DurationText.Clock(left)} left" : "";
}

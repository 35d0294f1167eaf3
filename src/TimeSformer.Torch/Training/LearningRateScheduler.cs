namespace TimeSformer.Torch.Training;

/// <summary>The learning rate of every optimisation step: linear warm-up, then the configured schedule. A pure
/// function of the step, so a resumed run follows exactly the same rates.</summary>
public static class LearningRateScheduler
{
    /// <summary>The rate for 0-based <paramref name="step"/> of a run with <paramref name="stepsPerEpoch"/> steps an epoch.</summary>
    public static double Rate(TrainingOptions options, long step, int stepsPerEpoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ArgumentOutOfRangeException.ThrowIfLessThan(stepsPerEpoch, 1);
        double warmupSteps = options.WarmupEpochs * stepsPerEpoch;
        // (step + 1) so that the first step already moves the weights.
        if (step + 1 <= warmupSteps)
            return options.LearningRate * (step + 1) / warmupSteps;
        double epoch = (double)step / stepsPerEpoch;
        switch (options.Schedule)
        {
            case LearningRateSchedule.Cosine:
                double total = (double)options.Epochs * stepsPerEpoch - warmupSteps;
                double progress = total <= 0 ? 1 : Math.Clamp((step - warmupSteps) / total, 0, 1);
                double floor = options.MinLearningRateFactor;
                return options.LearningRate * (floor + (1 - floor) * 0.5 * (1 + Math.Cos(Math.PI * progress)));
            case LearningRateSchedule.Step:
                int decays = options.DecayEpochs.Count(e => epoch >= e);
                return options.LearningRate * Math.Pow(options.DecayFactor, decays);
            default:
                return options.LearningRate;
        }
    }
}

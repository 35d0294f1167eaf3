namespace TimeSformer.Torch.Model;

/// <summary>A model that keeps the features of a frozen network per clip, keyed by the clip's values
/// (<see cref="ResNet18Gru"/>). The <see cref="Training.Trainer"/> gives it fixed clip draws and no per-step shift or
/// zoom (<see cref="Training.TrainingOptions.ForCachedFeatures"/>): any fresh variation would make every clip new to the
/// cache and run the frozen network at every step.</summary>
public interface ICachesFrozenFeatures
{
}

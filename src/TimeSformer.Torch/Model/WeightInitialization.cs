using TimeSformer.Torch.Training;

namespace TimeSformer.Torch.Model;

/// <summary>How a <see cref="Trainer"/> initialises the linear layers of a model trained from scratch.</summary>
public enum WeightInitialization
{
    /// <summary>Keep the model's own initialisation (official TimeSformer: truncated normal, std 0.02).</summary>
    Model,

    /// <summary>Xavier-uniform weights for every linear layer (std sqrt(2 / (in + out))). The official std 0.02 suits
    /// width 768; at widths of 64 to 128 it leaves attention almost uniform, and a uniform temporal attention cannot see
    /// frame order, so direction of motion is learnt late (docs/training-experiments.md).</summary>
    XavierUniform,
}

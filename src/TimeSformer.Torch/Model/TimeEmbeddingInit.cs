using TimeSformer.Torch.Training;

namespace TimeSformer.Torch.Model;

/// <summary>How a <see cref="Trainer"/> initialises a TimeSformer's <c>time_embed</c> before training from scratch.</summary>
public enum TimeEmbeddingInit
{
    /// <summary>Leave the model's own initialisation (official: zeros).</summary>
    Model,

    /// <summary>Sinusoidal position codes over frames (as in the Transformer paper), scaled by
    /// <see cref="TrainingOptions.TimeEmbeddingScale"/>, so frame order is visible from the first step.</summary>
    Sinusoidal,
}

namespace TimeSformer.Torch.Training;

/// <summary>The optimiser a <see cref="Trainer"/> uses.</summary>
public enum OptimizerKind
{
    /// <summary>AdamW with decoupled weight decay (default).</summary>
    AdamW,

    /// <summary>SGD with momentum (the official TimeSformer recipe: lr 0.005, momentum 0.9, weight decay 1e-4).</summary>
    Sgd,
}

using TimeSformer.Torch.Model;

namespace TimeSformer.Cli.Ablation;

/// <summary>One row of an ablation table.</summary>
internal sealed record AblationResult
{
    /// <summary>The variant.</summary>
    public required ModelRecipe Variant { get; init; }

    /// <summary>Test accuracy of the scored model (the best checkpoint by validation accuracy, else the last epoch).</summary>
    public required double TestAccuracy { get; init; }

    /// <summary>Mean per-class recall on the test set.</summary>
    public required double MacroAccuracy { get; init; }

    /// <summary>Test recall of each class, in label order.</summary>
    public required IReadOnlyList<double> ClassAccuracy { get; init; }

    /// <summary>Trainable parameters.</summary>
    public required long Parameters { get; init; }

    /// <summary>Wall-clock training seconds (validation and checkpoints included).</summary>
    public required double TrainingSeconds { get; init; }

    /// <summary>Mean training throughput, clips per second.</summary>
    public required double TrainClipsPerSecond { get; init; }

    /// <summary>Epoch of the scored model (<see cref="TimeSformer.Torch.Training.TrainingResult.ModelEpoch"/>).</summary>
    public required int ModelEpoch { get; init; }

    /// <summary>Epochs run.</summary>
    public required int Epochs { get; init; }
}

using System.Text.Json.Serialization;

namespace TimeSformer.Torch.Training;

/// <summary>What one epoch achieved: one line of the JSON-lines training log.</summary>
public sealed record EpochMetrics
{
    /// <summary>1-based epoch number.</summary>
    [JsonPropertyName("epoch")] public int Epoch { get; init; }

    /// <summary>Mean training loss (with label smoothing, dropout and drop path active).</summary>
    [JsonPropertyName("train_loss")] public double TrainLoss { get; init; }

    /// <summary>Training accuracy on the augmented clips.</summary>
    [JsonPropertyName("train_accuracy")] public double TrainAccuracy { get; init; }

    /// <summary>Validation loss (plain cross-entropy), or null without a validation set.</summary>
    [JsonPropertyName("val_loss")] public double? ValidationLoss { get; init; }

    /// <summary>Validation accuracy, or null without a validation set.</summary>
    [JsonPropertyName("val_accuracy")] public double? ValidationAccuracy { get; init; }

    /// <summary>Learning rate of the epoch's last step.</summary>
    [JsonPropertyName("lr")] public double LearningRate { get; init; }

    /// <summary>Training throughput, clips per second (decoding overlapped, validation excluded).</summary>
    [JsonPropertyName("clips_per_second")] public double ClipsPerSecond { get; init; }

    /// <summary>Wall-clock seconds of the epoch, validation and checkpoints included.</summary>
    [JsonPropertyName("seconds")] public double Seconds { get; init; }
}

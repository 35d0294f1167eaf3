namespace TimeSformer.Torch.Evaluation;

/// <summary>Accuracy of a model on a set of clips (one fixed evaluation clip per video).</summary>
public sealed record EvaluationResult
{
    /// <summary>Mean cross-entropy.</summary>
    public required double Loss { get; init; }

    /// <summary>Fraction of clips classified correctly.</summary>
    public required double Accuracy { get; init; }

    /// <summary>Mean over classes present in the set of their recall.</summary>
    public required double MacroAccuracy { get; init; }

    /// <summary>Counts [true class][predicted class].</summary>
    public required IReadOnlyList<IReadOnlyList<int>> ConfusionMatrix { get; init; }

    /// <summary>Predicted class of each clip, in source order.</summary>
    public required IReadOnlyList<int> Predictions { get; init; }

    /// <summary>Clips per second of the forward passes (decoding overlapped).</summary>
    public required double ClipsPerSecond { get; init; }
}

namespace TimeSformer.Contract;

/// <summary>The model families, spelled once: the value of <see cref="VideoModelMetadata.ArchitectureKey"/>, of a
/// checkpoint's metadata and of <c>timesformer train --architecture</c>.</summary>
public static class ModelArchitecture
{
    /// <summary>The TimeSformer (any attention scheme).</summary>
    public const string TimeSformer = "timesformer";

    /// <summary>The CNN-RNN baseline: a per-frame CNN and a recurrent network over the frames.</summary>
    public const string CnnRnn = "cnn-rnn";

    /// <summary>The classic CNN-RNN video baseline with a frozen ImageNet-pretrained ResNet18 per frame (pooled
    /// 512-d features) and a GRU over the frames.</summary>
    public const string ResNet18Gru = "resnet18-gru";

    /// <summary>A divided space-time TimeSformer whose frame tokens are the feature maps of a frozen ImageNet-pretrained
    /// ResNet18 after an intermediate stage (the hybrid patch embedding of the ViT paper), optionally plus pixel
    /// patches.</summary>
    public const string ResNet18TimeSformer = "resnet18-timesformer";

    /// <summary>Every architecture name, in the order the command line lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [TimeSformer, CnnRnn, ResNet18Gru, ResNet18TimeSformer];
}

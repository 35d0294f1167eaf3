using TimeSformer.Contract;
using TimeSformer.Torch.Model;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Checkpoints;

/// <summary>A model rebuilt from a checkpoint by <see cref="CheckpointLoader.Load"/>, with its metadata: what
/// evaluation, export and fine-tuning start from.</summary>
public sealed class TrainedModel : IDisposable
{
    internal TrainedModel(nn.Module<Tensor, Tensor> model, VideoModelMetadata metadata)
    {
        Model = model;
        Metadata = metadata;
    }

    /// <summary>The model, in evaluation mode.</summary>
    public nn.Module<Tensor, Tensor> Model { get; }

    /// <summary>Clip spec, labels, architecture and configuration.</summary>
    public VideoModelMetadata Metadata { get; }

    /// <summary>The metadata with <paramref name="model"/>'s own architecture and configuration, so that a checkpoint
    /// written with it always rebuilds the model that wrote it (<see cref="CheckpointLoader.Load"/>).</summary>
    internal static VideoModelMetadata Describe(VideoModelMetadata metadata, nn.Module<Tensor, Tensor> model) => model switch
    {
        TimeSformerModel t => metadata with { Architecture = ModelArchitecture.TimeSformer, ConfigJson = t.Options.ToOfficialJson() },
        CnnRnn c => metadata with { Architecture = ModelArchitecture.CnnRnn, ConfigJson = c.Options.ToJson() },
        ResNet18Gru r => metadata with { Architecture = ModelArchitecture.ResNet18Gru, ConfigJson = r.Options.ToJson() },
        _ => metadata,
    };

    /// <summary>Disposes the model.</summary>
    public void Dispose() => Model.Dispose();
}

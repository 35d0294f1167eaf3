using TimeSformer.Contract;
using TimeSformer.Torch.Model;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Checkpoints;

/// <summary>A model rebuilt from a checkpoint by <see cref="CheckpointLoader.Load(string, TimeSformerOptions?)"/>, with its metadata: what
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
    /// written with it always rebuilds the model that wrote it (<see cref="CheckpointLoader.Load(string, TimeSformerOptions?)"/>).</summary>
    internal static VideoModelMetadata Describe(VideoModelMetadata metadata, nn.Module<Tensor, Tensor> model) =>
        Identify(model) is { } known ? metadata with { Architecture = known.Architecture, ConfigJson = known.ConfigJson } : metadata;

    /// <summary>The architecture name, configuration and class count of a model this library builds; null for any other
    /// module.</summary>
    internal static (string Architecture, string ConfigJson, int NumClasses)? Identify(nn.Module<Tensor, Tensor> model) => model switch
    {
        TimeSformerModel t => (ModelArchitecture.TimeSformer, t.Options.ToOfficialJson(), t.Options.NumClasses),
        CnnRnn c => (ModelArchitecture.CnnRnn, c.Options.ToJson(), c.Options.NumClasses),
        ResNet18Gru r => (ModelArchitecture.ResNet18Gru, r.Options.ToJson(), r.Options.NumClasses),
        ResNet18TimeSformer h => (ModelArchitecture.ResNet18TimeSformer, h.Options.ToJson(), h.Options.NumClasses),
        _ => null,
    };

    /// <summary>Disposes the model.</summary>
    public void Dispose() => Model.Dispose();
}

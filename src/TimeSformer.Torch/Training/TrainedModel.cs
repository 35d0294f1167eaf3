using TimeSformer.Torch.Import;
using TimeSformer.Torch.Model;
using TimeSformer.Video;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Training;

/// <summary>A model rebuilt from a <see cref="ModelCheckpoint"/> of either architecture (TimeSformer or CNN-RNN),
/// with its metadata: what evaluation, export and fine-tuning start from.</summary>
public sealed class TrainedModel : IDisposable
{
    private TrainedModel(nn.Module<Tensor, Tensor> model, VideoModelMetadata metadata)
    {
        Model = model;
        Metadata = metadata;
    }

    /// <summary>The model, in evaluation mode.</summary>
    public nn.Module<Tensor, Tensor> Model { get; }

    /// <summary>Clip spec, labels, architecture and configuration.</summary>
    public VideoModelMetadata Metadata { get; }

    /// <summary>Builds the model that <paramref name="checkpointPath"/> describes and loads its weights.</summary>
    /// <exception cref="CheckpointException">The file is not our checkpoint, names an unknown architecture, or its
    /// weights do not fit its configuration.</exception>
    public static TrainedModel Load(string checkpointPath)
    {
        if (!File.Exists(checkpointPath)) throw new CheckpointException(checkpointPath, "file not found.");
        using var checkpoint = ModelCheckpoint.Load(checkpointPath);
        var metadata = checkpoint.Metadata;
        nn.Module<Tensor, Tensor> model;
        try
        {
            model = metadata.Architecture switch
            {
                TimeSformerCheckpoint.Architecture => new Model.TimeSformer(TimeSformerOptions.FromOfficialJson(metadata.ConfigJson)),
                CnnRnnOptions.ArchitectureName => new CnnRnn(CnnRnnOptions.FromJson(metadata.ConfigJson)),
                _ => throw new CheckpointException(checkpointPath,
                    $"holds an unknown architecture '{metadata.Architecture}'; this library builds timesformer and {CnnRnnOptions.ArchitectureName}."),
            };
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new CheckpointException(checkpointPath, $"has an invalid model configuration ({e.Message}).", e);
        }
        try
        {
            StateDictLoader.Load(model, checkpoint.StateDict, checkpointPath);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        model.eval();
        return new TrainedModel(model, metadata);
    }

    /// <summary>The metadata with <paramref name="model"/>'s own architecture and configuration, so that a checkpoint
    /// written with it always rebuilds the model that wrote it (<see cref="Load"/>).</summary>
    internal static VideoModelMetadata Describe(VideoModelMetadata metadata, nn.Module<Tensor, Tensor> model) => model switch
    {
        Model.TimeSformer t => metadata with { Architecture = TimeSformerCheckpoint.Architecture, ConfigJson = t.Options.ToOfficialJson() },
        CnnRnn c => metadata with { Architecture = CnnRnnOptions.ArchitectureName, ConfigJson = c.Options.ToJson() },
        _ => metadata,
    };

    /// <summary>Disposes the model.</summary>
    public void Dispose() => Model.Dispose();
}

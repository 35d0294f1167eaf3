using TimeSformer.Torch.Model;
using TimeSformer.Video;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Import;

/// <summary>Builds a <see cref="Model.TimeSformer"/> from a checkpoint file of any supported kind, and saves one as a
/// <see cref="ModelCheckpoint"/>.</summary>
public static class TimeSformerCheckpoint
{
    /// <summary>The <see cref="VideoModelMetadata.Architecture"/> of a TimeSformer.</summary>
    public const string Architecture = "timesformer";

    /// <summary>
    /// Loads <paramref name="path"/>: an official <c>.pyth</c>/<c>.pth</c>, a Hugging Face Timesformer
    /// <c>.safetensors</c>, or our <see cref="ModelCheckpoint"/> (whose configuration is used when
    /// <paramref name="options"/> is null). The model is returned in evaluation mode.
    /// </summary>
    /// <exception cref="ArgumentException">Options are needed (official or Hugging Face file) but not given.</exception>
    /// <exception cref="CheckpointException">The file is unreadable or does not fit the options.</exception>
    public static Model.TimeSformer Load(string path, TimeSformerOptions? options = null)
    {
        if (!File.Exists(path)) throw new CheckpointException(path, "file not found.");
        bool safetensors = path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase);
        if (safetensors && ModelCheckpoint.IsModelCheckpoint(path))
        {
            using var checkpoint = ModelCheckpoint.Load(path);
            if (checkpoint.Metadata.Architecture != Architecture)
                throw new CheckpointException(path, $"holds a '{checkpoint.Metadata.Architecture}' model, not a TimeSformer.");
            return Build(options ?? TimeSformerOptions.FromOfficialJson(checkpoint.Metadata.ConfigJson), checkpoint.StateDict, path);
        }
        if (options is null)
            throw new ArgumentException($"Checkpoint '{path}' carries no configuration: pass the TimeSformerOptions it was trained with.", nameof(options));
        var stateDict = safetensors ? HuggingFaceCheckpoint.ReadStateDict(path) : OfficialCheckpoint.ReadStateDict(path);
        try
        {
            return Build(options, stateDict, path);
        }
        finally
        {
            foreach (var tensor in stateDict.Values) tensor.Dispose();
        }
    }

    /// <summary>Saves <paramref name="model"/> as a <see cref="ModelCheckpoint"/> with its configuration, the clip it
    /// expects and its class labels (one per output, in order).</summary>
    /// <exception cref="ArgumentException">The label count differs from the model's class count.</exception>
    public static void Save(string path, Model.TimeSformer model, ClipSpec clip, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (labels.Count != model.Options.NumClasses)
            throw new ArgumentException($"{labels.Count} labels given for a model with {model.Options.NumClasses} classes.", nameof(labels));
        var metadata = new VideoModelMetadata
        {
            Clip = clip, Labels = labels, Architecture = Architecture, ConfigJson = model.Options.ToOfficialJson(),
        };
        ModelCheckpoint.Save(path, model, metadata);
    }

    private static Model.TimeSformer Build(TimeSformerOptions options, IReadOnlyDictionary<string, Tensor> stateDict, string path)
    {
        var model = new Model.TimeSformer(options);
        try
        {
            StateDictLoader.Load(model, stateDict, path);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        model.eval();
        return model;
    }
}

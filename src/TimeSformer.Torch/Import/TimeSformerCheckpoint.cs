using TimeSformer.Torch.Model;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Import;

/// <summary>Builds a <see cref="Model.TimeSformer"/> from a checkpoint file of any supported kind.</summary>
public static class TimeSformerCheckpoint
{
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
            if (checkpoint.Metadata.Architecture != "timesformer")
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

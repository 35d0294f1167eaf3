using TimeSformer.Contract;
using TimeSformer.Torch.Model;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Checkpoints;

/// <summary>
/// The one door from a checkpoint file to a model: our <see cref="ModelCheckpoint"/> (either architecture, rebuilt from
/// its own metadata), an official TimeSformer <c>.pyth</c>/<c>.pth</c>, or a Hugging Face Timesformer
/// <c>.safetensors</c> (both need the <see cref="TimeSformerOptions"/> they were trained with). Export, evaluation,
/// fine-tuning and import all load through it.
/// </summary>
public static class CheckpointLoader
{
    /// <summary>Builds the model that <paramref name="path"/> holds and loads its weights; the model is in evaluation
    /// mode. For our checkpoint, <paramref name="options"/> (when given) replaces the saved TimeSformer configuration;
    /// a foreign checkpoint gets numbered labels and the clip its options imply.</summary>
    /// <exception cref="ArgumentException">Options are needed (official or Hugging Face file) but not given.</exception>
    /// <exception cref="CheckpointException">The file is missing or unreadable, names an unknown architecture, or its
    /// weights do not fit the configuration.</exception>
    public static TrainedModel Load(string path, TimeSformerOptions? options = null)
    {
        if (!File.Exists(path)) throw new CheckpointException(path, "file not found.");
        if (path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) && ModelCheckpoint.IsModelCheckpoint(path))
        {
            using var checkpoint = ModelCheckpoint.Load(path);
            var metadata = checkpoint.Metadata;
            if (options is not null && metadata.Architecture != ModelArchitecture.TimeSformer)
                throw new CheckpointException(path, $"holds a '{metadata.Architecture}' model, not a TimeSformer.");
            var model = Build(path, () => Create(path, metadata, options), checkpoint.StateDict);
            return new TrainedModel(model, TrainedModel.Describe(metadata, model));
        }
        if (options is null)
            throw new ArgumentException($"Checkpoint '{path}' carries no configuration: pass the TimeSformerOptions it was trained with.", nameof(options));
        var stateDict = path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)
            ? HuggingFaceCheckpoint.ReadStateDict(path)
            : OfficialCheckpoint.ReadStateDict(path);
        try
        {
            var model = Build(path, () => new TimeSformerModel(options), stateDict);
            var metadata = new VideoModelMetadata { Clip = options.ToClipSpec(), Labels = VideoModelMetadata.NumberedLabels(options.NumClasses) };
            return new TrainedModel(model, TrainedModel.Describe(metadata, model));
        }
        finally
        {
            foreach (var tensor in stateDict.Values) tensor.Dispose();
        }
    }

    /// <summary>Loads <paramref name="path"/> as <see cref="Load"/> does and returns its TimeSformer (the caller
    /// disposes it).</summary>
    /// <exception cref="CheckpointException">As <see cref="Load"/>, or the file holds another architecture.</exception>
    public static TimeSformerModel LoadTimeSformer(string path, TimeSformerOptions? options = null)
    {
        // Our checkpoint says what it holds: refuse another architecture before building it.
        if (File.Exists(path) && path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) && ModelCheckpoint.IsModelCheckpoint(path)
            && ModelCheckpoint.ReadMetadata(path).Architecture is var architecture && architecture != ModelArchitecture.TimeSformer)
            throw new CheckpointException(path, $"holds a '{architecture}' model, not a TimeSformer.");
        // Every other file Load reads is a TimeSformer; the TrainedModel holds nothing else to dispose.
        return (TimeSformerModel)Load(path, options).Model;
    }

    private static nn.Module<Tensor, Tensor> Create(string path, VideoModelMetadata metadata, TimeSformerOptions? options)
    {
        try
        {
            return metadata.Architecture switch
            {
                ModelArchitecture.TimeSformer => new TimeSformerModel(options ?? TimeSformerOptions.FromOfficialJson(metadata.ConfigJson)),
                ModelArchitecture.CnnRnn => new CnnRnn(CnnRnnOptions.FromJson(metadata.ConfigJson)),
                // The checkpoint holds the frozen backbone too: no pretrained file is read.
                ModelArchitecture.ResNet18Gru => new ResNet18Gru(ResNet18GruOptions.FromJson(metadata.ConfigJson)),
                _ => throw new CheckpointException(path,
                    $"holds an unknown architecture '{metadata.Architecture}'; this library builds {string.Join(", ", ModelArchitecture.All)}."),
            };
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new CheckpointException(path, $"has an invalid model configuration ({e.Message}).", e);
        }
    }

    private static nn.Module<Tensor, Tensor> Build(string path, Func<nn.Module<Tensor, Tensor>> create, IReadOnlyDictionary<string, Tensor> stateDict)
    {
        var model = create();
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

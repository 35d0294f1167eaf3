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
    public static TrainedModel Load(string path, TimeSformerOptions? options = null) =>
        Load(path, options, timeSformerOnly: options is not null);

    /// <summary>Loads <paramref name="path"/> as <see cref="Load(string, TimeSformerOptions?)"/> does and returns its
    /// TimeSformer (the caller disposes it).</summary>
    /// <exception cref="CheckpointException">As <see cref="Load(string, TimeSformerOptions?)"/>, or the file holds
    /// another architecture.</exception>
    public static TimeSformerModel LoadTimeSformer(string path, TimeSformerOptions? options = null) =>
        // Every file that passes the architecture check is a TimeSformer; the TrainedModel holds nothing else to dispose.
        (TimeSformerModel)Load(path, options, timeSformerOnly: true).Model;

    private static TrainedModel Load(string path, TimeSformerOptions? options, bool timeSformerOnly)
    {
        if (!File.Exists(path)) throw new CheckpointException(path, "file not found.");
        if (path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) && ModelCheckpoint.IsModelCheckpoint(path))
        {
            // Our checkpoint says what it holds: refuse another architecture before reading its weights.
            var saved = ModelCheckpoint.ReadMetadata(path);
            if (timeSformerOnly && saved.Architecture != ModelArchitecture.TimeSformer)
                throw new CheckpointException(path, $"holds a '{saved.Architecture}' model, not a TimeSformer.");
            using var checkpoint = ModelCheckpoint.Load(path);
            var metadata = checkpoint.Metadata;
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
                ModelArchitecture.ResNet18TimeSformer => new ResNet18TimeSformer(ResNet18TimeSformerOptions.FromJson(metadata.ConfigJson)),
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

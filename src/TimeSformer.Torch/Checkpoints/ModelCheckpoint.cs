using TimeSformer.Contract;
using TimeSformer.Torch.Model;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Checkpoints;

/// <summary>
/// Our checkpoint: one safetensors file holding a model's weights and, in its <c>__metadata__</c>, the
/// <see cref="VideoModelMetadata"/> (clip spec, labels, architecture, config JSON). Architecture-neutral: any module
/// whose state dict and configuration are known can be stored.
/// </summary>
public sealed class ModelCheckpoint : IDisposable
{
    /// <summary>Metadata key that marks a file as a TimeSformer.MLNet checkpoint, with the format version.</summary>
    public const string FormatKey = "format";

    /// <summary>The current format marker.</summary>
    public const string FormatValue = "timesformer.mlnet.checkpoint/1";

    private ModelCheckpoint(VideoModelMetadata metadata, Dictionary<string, Tensor> stateDict)
    {
        Metadata = metadata;
        StateDict = stateDict;
    }

    /// <summary>What the model expects and predicts.</summary>
    public VideoModelMetadata Metadata { get; }

    /// <summary>The weights by parameter name, on the CPU; disposed with this object.</summary>
    public IReadOnlyDictionary<string, Tensor> StateDict { get; }

    /// <summary>Writes <paramref name="stateDict"/> and <paramref name="metadata"/> to <paramref name="path"/>
    /// atomically (a temporary file, then a move).</summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> stateDict, VideoModelMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        ArgumentNullException.ThrowIfNull(metadata);
        var props = new Dictionary<string, string>(metadata.ToMetadataProps()) { [FormatKey] = FormatValue };
        // Frees the contiguous CPU copies the writer makes; the caller's tensors were made outside and stay.
        using var scope = NewDisposeScope();
        SafetensorsFile.Write(path, stateDict, props);
    }

    /// <summary>Writes <paramref name="module"/>'s state dict with <paramref name="metadata"/>.</summary>
    public static void Save(string path, nn.Module module, VideoModelMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(module);
        // Frees the state dict's tensor handles (the parameters themselves live on in the module).
        using var scope = NewDisposeScope();
        Save(path, module.state_dict(), metadata);
    }

    /// <summary>Writes a <see cref="TimeSformerModel"/>, <see cref="CnnRnn"/>, <see cref="ResNet18Gru"/> or
    /// <see cref="ResNet18TimeSformer"/> with its own architecture and
    /// configuration, the clip it expects and its class labels (one per output, in order).</summary>
    /// <exception cref="ArgumentException">The label count differs from the model's class count, or the model is
    /// neither architecture.</exception>
    public static void Save(string path, nn.Module<Tensor, Tensor> model, ClipSpec clip, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(labels);
        int classes = TrainedModel.Identify(model)?.NumClasses
            ?? throw new ArgumentException($"A {model.GetType().Name} has no architecture name; save its state dict with metadata instead.", nameof(model));
        if (labels.Count != classes)
            throw new ArgumentException($"{labels.Count} labels given for a model with {classes} classes.", nameof(labels));
        Save(path, model, TrainedModel.Describe(new VideoModelMetadata { Clip = clip, Labels = labels }, model));
    }

    /// <summary>Whether <paramref name="path"/> is a safetensors file carrying our format marker.</summary>
    public static bool IsModelCheckpoint(string path) =>
        SafetensorsFile.ReadMetadata(path).TryGetValue(FormatKey, out var format) && format == FormatValue;

    /// <summary>Reads a checkpoint written by <see cref="Save(string, IReadOnlyDictionary{string, Tensor}, VideoModelMetadata)"/>.</summary>
    /// <exception cref="CheckpointException">The file is missing, not safetensors, not ours, or its metadata is malformed.</exception>
    public static ModelCheckpoint Load(string path) => new(ReadMetadata(path), SafetensorsFile.ReadTensors(path));

    /// <summary>Reads only the metadata (architecture, configuration, clip spec, labels) of one of our checkpoints,
    /// without its tensors.</summary>
    /// <exception cref="CheckpointException">The file is missing, not safetensors, not ours, or its metadata is malformed.</exception>
    public static VideoModelMetadata ReadMetadata(string path)
    {
        var props = SafetensorsFile.ReadMetadata(path);
        if (!props.TryGetValue(FormatKey, out var format))
            throw new CheckpointException(path,
                "has no TimeSformer.MLNet metadata; for Hugging Face weights use HuggingFaceCheckpoint, for official ones OfficialCheckpoint.");
        if (format != FormatValue)
            throw new CheckpointException(path, $"has format '{format}'; this library reads '{FormatValue}'.");
        VideoModelMetadata metadata;
        try
        {
            metadata = VideoModelMetadata.FromMetadataProps(props);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new CheckpointException(path, $"malformed metadata ({e.Message}).", e);
        }
        return metadata;
    }

    /// <summary>Disposes the tensors of <see cref="StateDict"/>.</summary>
    public void Dispose()
    {
        foreach (var tensor in StateDict.Values) tensor.Dispose();
    }
}

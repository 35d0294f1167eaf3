using System.Text.Json.Nodes;

namespace TimeSformer.Torch.Model;

/// <summary>
/// What every model on the frozen ImageNet-pretrained ResNet18 (<see cref="ResNet18GruOptions"/>,
/// <see cref="ResNet18TimeSformerOptions"/>) is configured with: the clip it takes ([B, T, 3, S, S], normalised by
/// <see cref="ClipMean"/> and <see cref="ClipStd"/>, which the model undoes for ResNet18), its classes, and the side each
/// frame is resized to for the backbone.
/// </summary>
public abstract record FrozenResNet18Options
{
    /// <summary>Side of the clip the model takes (S).</summary>
    public int ImageSize { get; init; } = 128;

    /// <summary>Frames per clip (T).</summary>
    public int Frames { get; init; } = 8;

    /// <summary>Output classes.</summary>
    public int NumClasses { get; init; } = 10;

    /// <summary>Side each frame is resized to (bilinear) before ResNet18 (the network was trained at 224). A multiple of 32,
    /// ResNet18's total stride: the pretrained file's padding lets a block's strided branch and its shortcut agree only on
    /// even sides (112 fails at the last stage, 7 px).</summary>
    public int BackboneSize { get; init; } = 128;

    /// <summary>Per-channel mean (RGB, 0-1 scale) the clips were normalised with; the model undoes it for ResNet18.</summary>
    public IReadOnlyList<float> ClipMean { get; init; } = [0.45f, 0.45f, 0.45f];

    /// <summary>Per-channel standard deviation (RGB) the clips were normalised with; the model undoes it for ResNet18.</summary>
    public IReadOnlyList<float> ClipStd { get; init; } = [0.225f, 0.225f, 0.225f];

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting of the clip or the backbone side;
    /// messages start with the configuration's type name.</summary>
    protected void ValidateClip()
    {
        string name = GetType().Name;
        if (ImageSize < 1 || Frames < 1 || NumClasses < 1)
            throw new ArgumentException($"{name}: ImageSize, Frames and NumClasses must be at least 1.");
        if (BackboneSize < 32 || BackboneSize % 32 != 0)
            throw new ArgumentException($"{name}: BackboneSize must be a multiple of 32 (ResNet18's total stride), was {BackboneSize}.");
        if (ClipMean.Count != 3 || ClipStd.Count != 3 || ClipStd.Any(s => s <= 0))
            throw new ArgumentException($"{name}: ClipMean and ClipStd need 3 values (R, G, B), the std positive.");
    }

    /// <summary>The shared settings as JSON (snake_case names, like the other configurations), to which a model adds its own.</summary>
    protected JsonObject ClipJson() => new()
    {
        ["img_size"] = ImageSize,
        ["num_frames"] = Frames,
        ["num_classes"] = NumClasses,
        ["backbone"] = "resnet18",
        ["backbone_size"] = BackboneSize,
        ["clip_mean"] = new JsonArray([.. ClipMean.Select(v => (JsonNode)v)]),
        ["clip_std"] = new JsonArray([.. ClipStd.Select(v => (JsonNode)v)]),
    };

    /// <summary>A copy with the shared settings <paramref name="node"/> holds; absent names keep this one's values.</summary>
    protected FrozenResNet18Options WithClipJson(JsonObject node) => this with
    {
        ImageSize = node.Int("img_size", ImageSize),
        Frames = node.Int("num_frames", Frames),
        NumClasses = node.Int("num_classes", NumClasses),
        BackboneSize = node.Int("backbone_size", BackboneSize),
        ClipMean = node.Floats("clip_mean", ClipMean),
        ClipStd = node.Floats("clip_std", ClipStd),
    };

    /// <summary>Value equality of the shared settings, comparing the mean and std element-wise.</summary>
    public virtual bool Equals(FrozenResNet18Options? other) =>
        other is not null && EqualityContract == other.EqualityContract && ImageSize == other.ImageSize && Frames == other.Frames
        && NumClasses == other.NumClasses && BackboneSize == other.BackboneSize
        && ClipMean.SequenceEqual(other.ClipMean) && ClipStd.SequenceEqual(other.ClipStd);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ImageSize, Frames, NumClasses, BackboneSize);
}

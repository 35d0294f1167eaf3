using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TimeSformer.Torch.Model;

/// <summary>
/// Configuration of <see cref="ResNet18Gru"/>: the classic CNN-RNN video baseline with a frozen ImageNet-pretrained
/// ResNet18 per frame and a GRU over the frames. It takes our usual clip [B, T, 3, S, S] (RGB normalised by
/// <see cref="ClipMean"/> and <see cref="ClipStd"/>) and turns it into what the pretrained network expects (resized to
/// <see cref="BackboneSize"/>, BGR, 0-255, minus the mean image) inside the model, so the exported graph takes the same
/// <c>pixel_values</c> as every other model.
/// </summary>
public sealed record ResNet18GruOptions
{
    /// <summary>Width of ResNet18's pooled feature per frame.</summary>
    public const int FeatureWidth = 512;

    /// <summary>Side of the clip the model takes (S).</summary>
    public int ImageSize { get; init; } = 128;

    /// <summary>Frames per clip (T).</summary>
    public int Frames { get; init; } = 8;

    /// <summary>Output classes.</summary>
    public int NumClasses { get; init; } = 10;

    /// <summary>Side each frame is resized to (bilinear) before ResNet18 (the network was trained at 224; 128 costs a
    /// third and keeps the features usable). A multiple of 32, ResNet18's total stride: the pretrained file's padding
    /// lets a block's strided branch and its shortcut agree only on even sides (112 fails at the last stage, 7 px).</summary>
    public int BackboneSize { get; init; } = 128;

    /// <summary>Hidden size of the GRU.</summary>
    public int HiddenSize { get; init; } = 256;

    /// <summary>Stacked GRU layers.</summary>
    public int RnnLayers { get; init; } = 1;

    /// <summary>Dropout on the last hidden state before the head.</summary>
    public double HeadDropRate { get; init; }

    /// <summary>Per-channel mean (RGB, 0-1 scale) the clips were normalised with; the model undoes it.</summary>
    public IReadOnlyList<float> ClipMean { get; init; } = [0.45f, 0.45f, 0.45f];

    /// <summary>Per-channel standard deviation (RGB) the clips were normalised with; the model undoes it.</summary>
    public IReadOnlyList<float> ClipStd { get; init; } = [0.225f, 0.225f, 0.225f];

    /// <summary>A model taking the clips of a TimeSformer of <paramref name="model"/> options (same frames and side).</summary>
    public static ResNet18GruOptions Matching(TimeSformerOptions model) => new()
    {
        ImageSize = model.ImageSize, Frames = model.Frames, NumClasses = model.NumClasses,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (ImageSize < 1 || Frames < 1 || NumClasses < 1)
            throw new ArgumentException("ResNet18GruOptions: ImageSize, Frames and NumClasses must be at least 1.");
        if (BackboneSize < 32 || BackboneSize % 32 != 0)
            throw new ArgumentException($"ResNet18GruOptions: BackboneSize must be a multiple of 32 (ResNet18's total stride), was {BackboneSize}.");
        if (HiddenSize < 1 || RnnLayers < 1)
            throw new ArgumentException("ResNet18GruOptions: HiddenSize and RnnLayers must be at least 1.");
        if (HeadDropRate is < 0 or >= 1)
            throw new ArgumentException($"ResNet18GruOptions: HeadDropRate must be in [0, 1), was {HeadDropRate}.");
        if (ClipMean.Count != 3 || ClipStd.Count != 3 || ClipStd.Any(s => s <= 0))
            throw new ArgumentException("ResNet18GruOptions: ClipMean and ClipStd need 3 values (R, G, B), the std positive.");
    }

    /// <summary>Writes the configuration as JSON (snake_case names, like the other configurations).</summary>
    public string ToJson()
    {
        var json = new JsonObject
        {
            ["img_size"] = ImageSize,
            ["num_frames"] = Frames,
            ["num_classes"] = NumClasses,
            ["backbone"] = "resnet18",
            ["backbone_size"] = BackboneSize,
            ["cell"] = "gru",
            ["hidden_size"] = HiddenSize,
            ["rnn_layers"] = RnnLayers,
            ["head_drop_rate"] = HeadDropRate,
            ["clip_mean"] = new JsonArray([.. ClipMean.Select(v => (JsonNode)v)]),
            ["clip_std"] = new JsonArray([.. ClipStd.Select(v => (JsonNode)v)]),
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Reads JSON written by <see cref="ToJson"/>; absent names keep their defaults.</summary>
    /// <exception cref="FormatException">The text is not a JSON object or a value has the wrong type.</exception>
    public static ResNet18GruOptions FromJson(string json) => ResNet18ConfigJson.Read(json, "ResNet18-GRU", node =>
    {
        if (node["cell"] is JsonValue c && c.GetValue<string>() != "gru")
            throw new FormatException($"ResNet18-GRU config names cell '{c}'; only gru is known.");
        var d = new ResNet18GruOptions();
        var result = d with
        {
            ImageSize = node.Int("img_size", d.ImageSize),
            Frames = node.Int("num_frames", d.Frames),
            NumClasses = node.Int("num_classes", d.NumClasses),
            BackboneSize = node.Int("backbone_size", d.BackboneSize),
            HiddenSize = node.Int("hidden_size", d.HiddenSize),
            RnnLayers = node.Int("rnn_layers", d.RnnLayers),
            HeadDropRate = node.Double("head_drop_rate", d.HeadDropRate),
            ClipMean = node.Floats("clip_mean", d.ClipMean),
            ClipStd = node.Floats("clip_std", d.ClipStd),
        };
        result.Validate();
        return result;
    });

    /// <summary>Value equality that compares the mean and std element-wise.</summary>
    public bool Equals(ResNet18GruOptions? other) =>
        other is not null && ImageSize == other.ImageSize && Frames == other.Frames && NumClasses == other.NumClasses
        && BackboneSize == other.BackboneSize && HiddenSize == other.HiddenSize && RnnLayers == other.RnnLayers
        && HeadDropRate == other.HeadDropRate && ClipMean.SequenceEqual(other.ClipMean) && ClipStd.SequenceEqual(other.ClipStd);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ImageSize, Frames, NumClasses, BackboneSize, HiddenSize, RnnLayers);

    /// <summary>One line for logs: "ResNet18-GRU 8x32 px (frozen ResNet18 at 128 px, GRU hidden 256)".</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"ResNet18-GRU {Frames}x{ImageSize} px (frozen ResNet18 at {BackboneSize} px, GRU hidden {HiddenSize})");
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TimeSformer.Torch.Model;

/// <summary>
/// Configuration of <see cref="ResNet18Gru"/>: the classic CNN-RNN video baseline with a frozen ImageNet-pretrained
/// ResNet18 per frame and a GRU over the frames. It takes our usual clip [B, T, 3, S, S] (RGB normalised by
/// <see cref="FrozenResNet18Options.ClipMean"/> and <see cref="FrozenResNet18Options.ClipStd"/>) and turns it into what
/// the pretrained network expects (resized to <see cref="FrozenResNet18Options.BackboneSize"/>, BGR, 0-255, minus the
/// mean image) inside the model, so the exported graph takes the same <c>pixel_values</c> as every other model.
/// </summary>
/// <remarks>ResNet18 sees frames resized to 128 px by default: a third of the cost at 224, and the features stay usable.</remarks>
public sealed record ResNet18GruOptions : FrozenResNet18Options
{
    /// <summary>Width of ResNet18's pooled feature per frame.</summary>
    public const int FeatureWidth = 512;

    /// <summary>Hidden size of the GRU.</summary>
    public int HiddenSize { get; init; } = 256;

    /// <summary>Stacked GRU layers.</summary>
    public int RnnLayers { get; init; } = 1;

    /// <summary>Dropout on the last hidden state before the head.</summary>
    public double HeadDropRate { get; init; }

    /// <summary>A model taking the clips of a TimeSformer of <paramref name="model"/> options (same frames and side).</summary>
    public static ResNet18GruOptions Matching(TimeSformerOptions model) => new()
    {
        ImageSize = model.ImageSize, Frames = model.Frames, NumClasses = model.NumClasses,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        ValidateClip();
        if (HiddenSize < 1 || RnnLayers < 1)
            throw new ArgumentException("ResNet18GruOptions: HiddenSize and RnnLayers must be at least 1.");
        if (HeadDropRate is < 0 or >= 1)
            throw new ArgumentException($"ResNet18GruOptions: HeadDropRate must be in [0, 1), was {HeadDropRate}.");
    }

    /// <summary>Writes the configuration as JSON (snake_case names, like the other configurations).</summary>
    public string ToJson()
    {
        var json = ClipJson();
        json["cell"] = "gru";
        json["hidden_size"] = HiddenSize;
        json["rnn_layers"] = RnnLayers;
        json["head_drop_rate"] = HeadDropRate;
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Reads JSON written by <see cref="ToJson"/>; absent names keep their defaults.</summary>
    /// <exception cref="FormatException">The text is not a JSON object or a value has the wrong type.</exception>
    public static ResNet18GruOptions FromJson(string json) => ResNet18ConfigJson.Read(json, "ResNet18-GRU", node =>
    {
        if (node["cell"] is JsonValue c && c.GetValue<string>() != "gru")
            throw new FormatException($"ResNet18-GRU config names cell '{c}'; only gru is known.");
        var d = (ResNet18GruOptions)new ResNet18GruOptions().WithClipJson(node);
        var result = d with
        {
            HiddenSize = node.Int("hidden_size", d.HiddenSize),
            RnnLayers = node.Int("rnn_layers", d.RnnLayers),
            HeadDropRate = node.Double("head_drop_rate", d.HeadDropRate),
        };
        result.Validate();
        return result;
    });

    /// <summary>Value equality that compares the mean and std element-wise.</summary>
    public bool Equals(ResNet18GruOptions? other) =>
        other is not null && base.Equals(other) && HiddenSize == other.HiddenSize && RnnLayers == other.RnnLayers && HeadDropRate == other.HeadDropRate;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), HiddenSize, RnnLayers);

    /// <summary>One line for logs: "ResNet18-GRU 8x32 px (frozen ResNet18 at 128 px, GRU hidden 256)".</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"ResNet18-GRU {Frames}x{ImageSize} px (frozen ResNet18 at {BackboneSize} px, GRU hidden {HiddenSize})");
}

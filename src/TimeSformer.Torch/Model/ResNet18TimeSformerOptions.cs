using System.Globalization;
using System.Text.Json;

namespace TimeSformer.Torch.Model;

/// <summary>
/// Configuration of <see cref="ResNet18TimeSformer"/>: a divided space-time TimeSformer whose frame tokens come from the
/// feature maps of a frozen ImageNet-pretrained ResNet18 truncated after <see cref="Stage"/> (the hybrid patch
/// embedding of the ViT paper), optionally plus a pixel patch embedding on the same grid (<see cref="PixelPatches"/>).
/// It takes our usual clip [B, T, 3, S, S] (RGB normalised by <see cref="FrozenResNet18Options.ClipMean"/> and
/// <see cref="FrozenResNet18Options.ClipStd"/>) and resizes each frame to <see cref="FrozenResNet18Options.BackboneSize"/>
/// for ResNet18 inside the model.
/// </summary>
/// <remarks>The defaults were chosen on the synthetic motion set's validation split (docs/hybrid-timesformer.md): stage-2
/// maps of frames resized to 64 px (8x8 tokens a frame; stage 3 there gives 4x4 and lost 6 points, and pooled
/// last-stage features keep too little of where things are), no pixel patches (they lost 25 points), and the small
/// preset's transformer (width 64, depth 2, 4 heads).</remarks>
public sealed record ResNet18TimeSformerOptions : FrozenResNet18Options
{
    /// <summary>A configuration with the defaults above; ResNet18 sees frames resized to 64 px: with <see cref="Stage"/> 2
    /// an 8x8 grid of tokens at a quarter of the trunk's cost at 128 px.</summary>
    public ResNet18TimeSformerOptions() => BackboneSize = 64;

    /// <summary>The last ResNet18 stage that runs, whose maps become the tokens: 2 (128 channels at an 8th of the
    /// backbone side), 3 (256 at a 16th) or 4 (512 at a 32nd, the pooled baseline's maps).</summary>
    public int Stage { get; init; } = 2;

    /// <summary>Whether a pixel patch embedding on the same grid (patch side S / <see cref="MapSide"/>) is added to the
    /// projected maps, so the tokens keep the fine motion ImageNet features may blur.</summary>
    public bool PixelPatches { get; init; }

    /// <summary>Whether the pixel patches also see each frame's difference from the one before
    /// (<see cref="TimeSformerOptions.FrameDifferences"/>); used only with <see cref="PixelPatches"/>.</summary>
    public bool FrameDifferences { get; init; }

    /// <summary>Token width.</summary>
    public int EmbedDim { get; init; } = 64;

    /// <summary>Divided space-time blocks.</summary>
    public int Depth { get; init; } = 2;

    /// <summary>Attention heads per block.</summary>
    public int NumHeads { get; init; } = 4;

    /// <summary>MLP hidden width as a multiple of <see cref="EmbedDim"/>.</summary>
    public double MlpRatio { get; init; } = 4.0;

    /// <summary>Stochastic depth rate of the last block.</summary>
    public double DropPathRate { get; init; }

    /// <summary>Dropout on the CLS feature before the head.</summary>
    public double HeadDropRate { get; init; }

    /// <summary>Channels of the stage's maps.</summary>
    public int MapChannels => ResNet18Layout.StageWidths[Stage - 1];

    /// <summary>Side of the stage's maps: tokens per frame are its square.</summary>
    public int MapSide => ResNet18Layout.MapSide(BackboneSize, Stage);

    /// <summary>The transformer on the tokens: divided space-time attention over a <see cref="MapSide"/> grid, with
    /// space-time positional embeddings; its patch size is the pixel patch side (1 without pixel patches).</summary>
    public TimeSformerOptions Transformer => new()
    {
        ImageSize = PixelPatches ? ImageSize : MapSide, PatchSize = PixelPatches ? ImageSize / MapSide : 1,
        Frames = Frames, NumClasses = NumClasses, EmbedDim = EmbedDim, Depth = Depth, NumHeads = NumHeads, MlpRatio = MlpRatio,
        AttentionType = AttentionType.DividedSpaceTime, PositionalEmbedding = PositionalEmbedding.SpaceTime,
        DropPathRate = DropPathRate, HeadDropRate = HeadDropRate, FrameDifferences = PixelPatches && FrameDifferences,
    };

    /// <summary>A model taking the clips of a TimeSformer of <paramref name="model"/> options (same frames and side).</summary>
    public static ResNet18TimeSformerOptions Matching(TimeSformerOptions model) => new()
    {
        ImageSize = model.ImageSize, Frames = model.Frames, NumClasses = model.NumClasses, FrameDifferences = model.FrameDifferences,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        ValidateClip();
        if (Stage is < 2 or > 4)
            throw new ArgumentException($"ResNet18TimeSformerOptions: Stage must be 2, 3 or 4, was {Stage}.");
        if (PixelPatches && ImageSize % MapSide != 0)
            throw new ArgumentException($"ResNet18TimeSformerOptions: with pixel patches the clip side ({ImageSize}) must be a multiple of the " +
                $"stage-{Stage} map side ({MapSide} at backbone {BackboneSize}).");
        if (DropPathRate is < 0 or >= 1 || HeadDropRate is < 0 or >= 1)
            throw new ArgumentException("ResNet18TimeSformerOptions: DropPathRate and HeadDropRate must be in [0, 1).");
        Transformer.Validate();
    }

    /// <summary>Writes the configuration as JSON (snake_case names, like the other configurations).</summary>
    public string ToJson()
    {
        var json = ClipJson();
        json["backbone_stage"] = Stage;
        json["pixel_patches"] = PixelPatches;
        json[TimeSformerOptions.FrameDifferencesKey] = FrameDifferences;
        json["attention_type"] = AttentionTypeNames.ToOfficial(AttentionType.DividedSpaceTime);
        json["embed_dim"] = EmbedDim;
        json["depth"] = Depth;
        json["num_heads"] = NumHeads;
        json["mlp_ratio"] = MlpRatio;
        json["drop_path_rate"] = DropPathRate;
        json["head_drop_rate"] = HeadDropRate;
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Reads JSON written by <see cref="ToJson"/>; absent names keep their defaults.</summary>
    /// <exception cref="FormatException">The text is not a JSON object or a value has the wrong type.</exception>
    public static ResNet18TimeSformerOptions FromJson(string json) => ResNet18ConfigJson.Read(json, "ResNet18-TimeSformer", node =>
    {
        var d = (ResNet18TimeSformerOptions)new ResNet18TimeSformerOptions().WithClipJson(node);
        var result = d with
        {
            Stage = node.Int("backbone_stage", d.Stage),
            PixelPatches = node.Bool("pixel_patches", d.PixelPatches),
            FrameDifferences = node.Bool(TimeSformerOptions.FrameDifferencesKey, d.FrameDifferences),
            EmbedDim = node.Int("embed_dim", d.EmbedDim),
            Depth = node.Int("depth", d.Depth),
            NumHeads = node.Int("num_heads", d.NumHeads),
            MlpRatio = node.Double("mlp_ratio", d.MlpRatio),
            DropPathRate = node.Double("drop_path_rate", d.DropPathRate),
            HeadDropRate = node.Double("head_drop_rate", d.HeadDropRate),
        };
        result.Validate();
        return result;
    });

    /// <summary>Value equality that compares the mean and std element-wise.</summary>
    public bool Equals(ResNet18TimeSformerOptions? other) =>
        other is not null && base.Equals(other) && Stage == other.Stage && PixelPatches == other.PixelPatches
        && FrameDifferences == other.FrameDifferences
        && EmbedDim == other.EmbedDim && Depth == other.Depth && NumHeads == other.NumHeads && MlpRatio == other.MlpRatio
        && DropPathRate == other.DropPathRate && HeadDropRate == other.HeadDropRate;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Stage, PixelPatches, EmbedDim, Depth);

    /// <summary>One line for logs: "ResNet18-TimeSformer 8x32 px (frozen ResNet18 stage 3 at 128 px: 8x8 tokens + pixel
    /// patches of 4 px; width 64, depth 2)".</summary>
    public string Describe()
    {
        string pixels = PixelPatches
            ? string.Create(CultureInfo.InvariantCulture, $" + pixel patches of {ImageSize / MapSide} px{(FrameDifferences ? " with frame differences" : "")}")
            : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"ResNet18-TimeSformer {Frames}x{ImageSize} px (frozen ResNet18 stage {Stage} at {BackboneSize} px: {MapSide}x{MapSide} tokens{pixels}; width {EmbedDim}, depth {Depth})");
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TimeSformer.Contract;

namespace TimeSformer.Torch.Model;

/// <summary>
/// Configuration of a <see cref="TimeSformerModel"/>. Property defaults are the paper's TimeSformer (Base, 8x224,
/// divided space-time attention, 400 Kinetics classes); presets give the paper's other sizes and small CPU models.
/// </summary>
public sealed record TimeSformerOptions
{
    /// <summary>Input side in pixels (official <c>img_size</c>).</summary>
    public int ImageSize { get; init; } = 224;

    /// <summary>Square patch side in pixels (official <c>patch_size</c>).</summary>
    public int PatchSize { get; init; } = 16;

    /// <summary>Frames per clip (official <c>num_frames</c>).</summary>
    public int Frames { get; init; } = 8;

    /// <summary>Input channels (official <c>in_chans</c>).</summary>
    public int Channels { get; init; } = 3;

    /// <summary>Whether the patch embedding also sees each frame's difference from the frame before (zero for the
    /// first frame): <see cref="Channels"/> more input channels of <c>patch_embed.proj</c>, so a token shows which way
    /// its content moved. Not in the paper and off in its presets and checkpoints; <c>timesformer train</c> turns it
    /// on for models it builds (docs/training-experiments.md, "Frame differences"). Config name
    /// <c>frame_differences</c>.</summary>
    public bool FrameDifferences { get; init; }

    /// <summary>The configuration name of <see cref="FrameDifferences"/>.</summary>
    public const string FrameDifferencesKey = "frame_differences";

    /// <summary>Input channels of the patch embedding: <see cref="Channels"/>, twice that with
    /// <see cref="FrameDifferences"/>.</summary>
    public int PatchInputChannels => FrameDifferences ? 2 * Channels : Channels;

    /// <summary>Output classes (official <c>num_classes</c>).</summary>
    public int NumClasses { get; init; } = 400;

    /// <summary>Token width (official <c>embed_dim</c>).</summary>
    public int EmbedDim { get; init; } = 768;

    /// <summary>Number of blocks (official <c>depth</c>).</summary>
    public int Depth { get; init; } = 12;

    /// <summary>Attention heads per block (official <c>num_heads</c>).</summary>
    public int NumHeads { get; init; } = 12;

    /// <summary>MLP hidden width as a multiple of <see cref="EmbedDim"/> (official <c>mlp_ratio</c>).</summary>
    public double MlpRatio { get; init; } = 4.0;

    /// <summary>Whether the qkv projections have a bias (official <c>qkv_bias</c>).</summary>
    public bool QkvBias { get; init; } = true;

    /// <summary>Attention scheme (official <c>attention_type</c>).</summary>
    public AttentionType AttentionType { get; init; } = AttentionType.DividedSpaceTime;

    /// <summary>Positional embeddings used.</summary>
    public PositionalEmbedding PositionalEmbedding { get; init; } = PositionalEmbedding.SpaceTime;

    /// <summary>Whether the model has <c>time_embed</c>: space-time embeddings with attention across frames. Space-only
    /// attention never uses it (as in the official model), so its embedding is in effect spatial only.</summary>
    public bool HasTimeEmbedding => PositionalEmbedding == PositionalEmbedding.SpaceTime && AttentionType != AttentionType.SpaceOnly;

    /// <summary>The positional embedding the model actually has: <see cref="PositionalEmbedding"/>, except spatial only
    /// for space-only attention with space-time embeddings.</summary>
    public PositionalEmbedding EffectivePositionalEmbedding =>
        PositionalEmbedding == PositionalEmbedding.SpaceTime && !HasTimeEmbedding ? PositionalEmbedding.SpaceOnly : PositionalEmbedding;

    /// <summary>Dropout after embeddings, attention projections and MLP layers (official <c>drop_rate</c>).</summary>
    public double DropRate { get; init; }

    /// <summary>Dropout on attention weights (official <c>attn_drop_rate</c>).</summary>
    public double AttentionDropRate { get; init; }

    /// <summary>Stochastic depth rate of the last block; it grows linearly from 0 over depth (official
    /// <c>drop_path_rate</c>).</summary>
    public double DropPathRate { get; init; } = 0.1;

    /// <summary>Dropout on the pooled feature before the classification head (the official video heads use 0.5 when
    /// fine-tuning).</summary>
    public double HeadDropRate { get; init; }

    /// <summary>Whether the head reads the mean of the patch tokens (over every frame, then normalised by <c>norm</c>)
    /// instead of the CLS token. Not in the paper, whose head reads the CLS token; the parameters are the same either
    /// way. <c>timesformer train</c> turns it on for the models it builds for training splits of up to 1,000 clips
    /// (<see cref="Training.DataAdaptiveDefaults.MeanPooling"/>; docs/training-experiments.md, thirteenth round).
    /// Config name <c>mean_pooling</c>.</summary>
    public bool MeanPooling { get; init; }

    /// <summary>The configuration name of <see cref="MeanPooling"/>.</summary>
    public const string MeanPoolingKey = "mean_pooling";

    /// <summary>LayerNorm epsilon (official 1e-6).</summary>
    public double LayerNormEps { get; init; } = 1e-6;

    /// <summary>Patches per frame side: <see cref="ImageSize"/> / <see cref="PatchSize"/>.</summary>
    public int PatchesPerSide => ImageSize / PatchSize;

    /// <summary>Patches per frame (N).</summary>
    public int PatchesPerFrame => PatchesPerSide * PatchesPerSide;

    /// <summary>The evaluation clip this configuration takes: <see cref="Frames"/> frames of
    /// <see cref="ImageSize"/> x <see cref="ImageSize"/>, short side resized to the same, official mean and std.</summary>
    public ClipSpec ToClipSpec() => new() { Frames = Frames, Size = ImageSize, ShortSide = ImageSize };

    /// <summary>The paper's TimeSformer: 8 frames of 224x224, ViT-Base width, divided attention.</summary>
    public static TimeSformerOptions Base(int numClasses = 400) => new() { NumClasses = numClasses };

    /// <summary>The paper's TimeSformer-HR: 16 frames of 448x448.</summary>
    public static TimeSformerOptions HighResolution(int numClasses = 400) =>
        new() { NumClasses = numClasses, ImageSize = 448, Frames = 16 };

    /// <summary>The paper's TimeSformer-L: 96 frames of 224x224.</summary>
    public static TimeSformerOptions Large(int numClasses = 400) =>
        new() { NumClasses = numClasses, Frames = 96 };

    /// <summary>A small CPU model: 8 frames of 32x32, patch 8, width 64, depth 2, 4 heads (about 0.16M parameters,
    /// 0.02 GFLOPs per clip), no drop path. Chosen by the measurements in docs/training-experiments.md: trained from
    /// scratch with the default <c>TrainingOptions</c> it learns the synthetic motion set in minutes on 2 cores.</summary>
    public static TimeSformerOptions Small(int numClasses) => new()
    {
        NumClasses = numClasses, ImageSize = 32, PatchSize = 8, Frames = 8, EmbedDim = 64, Depth = 2, NumHeads = 4,
        DropPathRate = 0,
    };

    /// <summary>A tiny model for tests: 4 frames of 32x32, patch 8, width 32, depth 2.</summary>
    public static TimeSformerOptions Tiny(int numClasses) => new()
    {
        NumClasses = numClasses, ImageSize = 32, PatchSize = 8, Frames = 4, EmbedDim = 32, Depth = 2, NumHeads = 2,
        DropPathRate = 0,
    };

    /// <summary>Looks up a preset by name: <c>base</c>, <c>hr</c>, <c>large</c>, <c>small</c>, <c>tiny</c>.</summary>
    public static TimeSformerOptions Preset(string name, int numClasses) => name.ToLowerInvariant() switch
    {
        "base" => Base(numClasses),
        "hr" or "highresolution" => HighResolution(numClasses),
        "l" or "large" => Large(numClasses),
        "small" => Small(numClasses),
        "tiny" => Tiny(numClasses),
        _ => throw new ArgumentException($"Unknown preset '{name}'; use base, hr, large, small or tiny."),
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first inconsistent setting.</summary>
    public void Validate()
    {
        if (ImageSize <= 0 || PatchSize <= 0 || ImageSize % PatchSize != 0)
            throw new ArgumentException($"ImageSize ({ImageSize}) must be a positive multiple of PatchSize ({PatchSize}).");
        if (EmbedDim <= 0 || NumHeads <= 0 || EmbedDim % NumHeads != 0)
            throw new ArgumentException($"EmbedDim ({EmbedDim}) must be a positive multiple of NumHeads ({NumHeads}).");
        if (Frames < 1 || Depth < 1 || NumClasses < 1 || Channels < 1)
            throw new ArgumentException("Frames, Depth, NumClasses and Channels must be at least 1.");
    }

    /// <summary>Writes the configuration as JSON with the official config names (<c>img_size</c>, ...).</summary>
    public string ToOfficialJson()
    {
        var json = new JsonObject
        {
            ["img_size"] = ImageSize,
            ["patch_size"] = PatchSize,
            ["num_frames"] = Frames,
            ["in_chans"] = Channels,
            [FrameDifferencesKey] = FrameDifferences,
            ["num_classes"] = NumClasses,
            ["embed_dim"] = EmbedDim,
            ["depth"] = Depth,
            ["num_heads"] = NumHeads,
            ["mlp_ratio"] = MlpRatio,
            ["qkv_bias"] = QkvBias,
            ["attention_type"] = AttentionTypeNames.ToOfficial(AttentionType),
            ["pos_embed"] = PositionalEmbeddingNames.ToOfficial(PositionalEmbedding),
            ["drop_rate"] = DropRate,
            ["attn_drop_rate"] = AttentionDropRate,
            ["drop_path_rate"] = DropPathRate,
            ["head_drop_rate"] = HeadDropRate,
            [MeanPoolingKey] = MeanPooling,
            ["layer_norm_eps"] = LayerNormEps,
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Reads a JSON configuration with the official names (as in the reference fixtures); absent names
    /// keep their defaults, unknown names are ignored.</summary>
    public static TimeSformerOptions FromOfficialJson(string json, TimeSformerOptions? defaults = null)
    {
        var node = JsonNode.Parse(json) as JsonObject ?? throw new FormatException("Model config must be a JSON object.");
        var o = defaults ?? new TimeSformerOptions();
        int Int(string key, int fallback) => node[key] is JsonValue v ? v.GetValue<int>() : fallback;
        double Double(string key, double fallback) => node[key] is JsonValue v ? Convert.ToDouble(v.ToString(), CultureInfo.InvariantCulture) : fallback;
        bool Bool(string key, bool fallback) => node[key] is JsonValue v ? v.GetValue<bool>() : fallback;
        string? Str(string key) => node[key] is JsonValue v ? v.GetValue<string>() : null;
        var result = o with
        {
            ImageSize = Int("img_size", o.ImageSize),
            PatchSize = Int("patch_size", o.PatchSize),
            Frames = Int("num_frames", o.Frames),
            Channels = Int("in_chans", o.Channels),
            FrameDifferences = Bool(FrameDifferencesKey, o.FrameDifferences),
            NumClasses = Int("num_classes", o.NumClasses),
            EmbedDim = Int("embed_dim", o.EmbedDim),
            Depth = Int("depth", o.Depth),
            NumHeads = Int("num_heads", o.NumHeads),
            MlpRatio = Double("mlp_ratio", o.MlpRatio),
            QkvBias = Bool("qkv_bias", o.QkvBias),
            AttentionType = Str("attention_type") is { } a ? AttentionTypeNames.FromOfficial(a) : o.AttentionType,
            PositionalEmbedding = Str("pos_embed") is { } p ? PositionalEmbeddingNames.FromOfficial(p) : o.PositionalEmbedding,
            DropRate = Double("drop_rate", o.DropRate),
            AttentionDropRate = Double("attn_drop_rate", o.AttentionDropRate),
            DropPathRate = Double("drop_path_rate", o.DropPathRate),
            HeadDropRate = Double("head_drop_rate", o.HeadDropRate),
            MeanPooling = Bool(MeanPoolingKey, o.MeanPooling),
            LayerNormEps = Double("layer_norm_eps", o.LayerNormEps),
        };
        result.Validate();
        return result;
    }
}

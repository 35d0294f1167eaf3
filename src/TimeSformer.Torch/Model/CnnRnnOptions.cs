using System.Text.Json;
using System.Text.Json.Nodes;

namespace TimeSformer.Torch.Model;

/// <summary>
/// Configuration of the <see cref="CnnRnn"/> baseline: a small ResNet-style CNN applied to every frame, a GRU or LSTM
/// over the frame features, and a linear head. Input is the same [B, T, 3, S, S] clip a <see cref="TimeSformerModel"/>
/// takes.
/// </summary>
public sealed record CnnRnnOptions
{
    /// <summary>Input side in pixels.</summary>
    public int ImageSize { get; init; } = 64;

    /// <summary>Frames per clip.</summary>
    public int Frames { get; init; } = 8;

    /// <summary>Input channels.</summary>
    public int Channels { get; init; } = 3;

    /// <summary>Output classes.</summary>
    public int NumClasses { get; init; } = 10;

    /// <summary>Width of the stem convolution (3x3, stride 2).</summary>
    public int StemWidth { get; init; } = 16;

    /// <summary>Width of each residual stage; each stage halves the resolution.</summary>
    public IReadOnlyList<int> StageWidths { get; init; } = [32, 64, 128];

    /// <summary>Recurrent layer type.</summary>
    public RecurrentCell Cell { get; init; } = RecurrentCell.Gru;

    /// <summary>Hidden size of the recurrent layer.</summary>
    public int HiddenSize { get; init; } = 128;

    /// <summary>Stacked recurrent layers.</summary>
    public int RnnLayers { get; init; } = 1;

    /// <summary>Dropout on the last hidden state before the head.</summary>
    public double HeadDropRate { get; init; }

    /// <summary>A CPU baseline taking the clips of <see cref="TimeSformerOptions.Small"/> (same frames and side).</summary>
    public static CnnRnnOptions Small(int numClasses) => Matching(TimeSformerOptions.Small(numClasses));

    /// <summary>A CNN-RNN taking the same clips as a TimeSformer of <paramref name="model"/> options.</summary>
    public static CnnRnnOptions Matching(TimeSformerOptions model) => new()
    {
        ImageSize = model.ImageSize, Frames = model.Frames, Channels = model.Channels, NumClasses = model.NumClasses,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (ImageSize < 1 || Frames < 1 || Channels < 1 || NumClasses < 1)
            throw new ArgumentException("CnnRnnOptions: ImageSize, Frames, Channels and NumClasses must be at least 1.");
        if (StemWidth < 1 || StageWidths.Count == 0 || StageWidths.Any(w => w < 1))
            throw new ArgumentException("CnnRnnOptions: StemWidth and every StageWidths entry must be at least 1, with at least one stage.");
        if (HiddenSize < 1 || RnnLayers < 1)
            throw new ArgumentException("CnnRnnOptions: HiddenSize and RnnLayers must be at least 1.");
    }

    /// <summary>Writes the configuration as JSON (snake_case names, like the TimeSformer config).</summary>
    public string ToJson()
    {
        var json = new JsonObject
        {
            ["img_size"] = ImageSize,
            ["num_frames"] = Frames,
            ["in_chans"] = Channels,
            ["num_classes"] = NumClasses,
            ["stem_width"] = StemWidth,
            ["stage_widths"] = new JsonArray([.. StageWidths.Select(w => (JsonNode)w)]),
            ["cell"] = Cell.ToString().ToLowerInvariant(),
            ["hidden_size"] = HiddenSize,
            ["rnn_layers"] = RnnLayers,
            ["head_drop_rate"] = HeadDropRate,
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Reads JSON written by <see cref="ToJson"/>; absent names keep their defaults.</summary>
    /// <exception cref="FormatException">The text is not a JSON object or a value has the wrong type.</exception>
    public static CnnRnnOptions FromJson(string json)
    {
        JsonObject node;
        try
        {
            node = JsonNode.Parse(json) as JsonObject ?? throw new FormatException("CNN-RNN config must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"CNN-RNN config is not valid JSON: {e.Message}", e);
        }
        var d = new CnnRnnOptions();
        int Int(string key, int fallback) => node[key] is JsonValue v ? v.GetValue<int>() : fallback;
        var result = d with
        {
            ImageSize = Int("img_size", d.ImageSize),
            Frames = Int("num_frames", d.Frames),
            Channels = Int("in_chans", d.Channels),
            NumClasses = Int("num_classes", d.NumClasses),
            StemWidth = Int("stem_width", d.StemWidth),
            StageWidths = node["stage_widths"] is JsonArray a ? [.. a.Select(w => w!.GetValue<int>())] : d.StageWidths,
            Cell = node["cell"] is JsonValue c
                ? Enum.TryParse<RecurrentCell>(c.GetValue<string>(), ignoreCase: true, out var cell)
                    ? cell
                    : throw new FormatException($"CNN-RNN config 'cell' is '{c}'; use gru or lstm.")
                : d.Cell,
            HiddenSize = Int("hidden_size", d.HiddenSize),
            RnnLayers = Int("rnn_layers", d.RnnLayers),
            HeadDropRate = node["head_drop_rate"] is JsonValue h ? h.GetValue<double>() : d.HeadDropRate,
        };
        result.Validate();
        return result;
    }

    /// <summary>Value equality that compares <see cref="StageWidths"/> element-wise.</summary>
    public bool Equals(CnnRnnOptions? other) =>
        other is not null && ImageSize == other.ImageSize && Frames == other.Frames && Channels == other.Channels
        && NumClasses == other.NumClasses && StemWidth == other.StemWidth && StageWidths.SequenceEqual(other.StageWidths)
        && Cell == other.Cell && HiddenSize == other.HiddenSize && RnnLayers == other.RnnLayers
        && HeadDropRate == other.HeadDropRate;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ImageSize, Frames, NumClasses, StemWidth, Cell, HiddenSize);
}

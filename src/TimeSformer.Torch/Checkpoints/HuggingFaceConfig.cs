using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TimeSformer.Torch.Model;

namespace TimeSformer.Torch.Checkpoints;

/// <summary>
/// The model options and class labels in a Hugging Face Timesformer <c>config.json</c> (<c>image_size</c>,
/// <c>hidden_size</c>, <c>num_hidden_layers</c>, <c>intermediate_size</c>, <c>id2label</c>, ...), so that a
/// Hugging Face checkpoint loads without restating its architecture.
/// </summary>
/// <param name="Options">The equivalent options; names the config lacks keep the Base defaults.</param>
/// <param name="Labels">Class labels by output index (from <c>id2label</c>); empty when absent.</param>
public sealed record HuggingFaceConfig(TimeSformerOptions Options, IReadOnlyList<string> Labels)
{
    /// <summary>Reads the config file at <paramref name="path"/>.</summary>
    /// <exception cref="CheckpointException">The file is missing or is not a Timesformer config.</exception>
    public static HuggingFaceConfig Load(string path)
    {
        if (!File.Exists(path)) throw new CheckpointException(path, "config file not found.");
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException or InvalidOperationException)
        {
            throw new CheckpointException(path, $"not a Hugging Face Timesformer config ({e.Message}).", e);
        }
    }

    /// <summary>Parses config JSON text.</summary>
    /// <exception cref="FormatException">The JSON is not an object or a value has the wrong type.</exception>
    public static HuggingFaceConfig Parse(string json)
    {
        var node = JsonNode.Parse(json) as JsonObject ?? throw new FormatException("config must be a JSON object.");
        var o = new TimeSformerOptions();
        int Int(string key, int fallback) => node[key] is JsonValue v ? v.GetValue<int>() : fallback;
        double Double(string key, double fallback) =>
            node[key] is JsonValue v ? Convert.ToDouble(v.ToString(), CultureInfo.InvariantCulture) : fallback;
        int hidden = Int("hidden_size", o.EmbedDim);
        var labels = ReadLabels(node["id2label"] as JsonObject);
        var options = o with
        {
            ImageSize = Int("image_size", o.ImageSize),
            PatchSize = Int("patch_size", o.PatchSize),
            Channels = Int("num_channels", o.Channels),
            Frames = Int("num_frames", o.Frames),
            EmbedDim = hidden,
            Depth = Int("num_hidden_layers", o.Depth),
            NumHeads = Int("num_attention_heads", o.NumHeads),
            MlpRatio = (double)Int("intermediate_size", (int)(hidden * o.MlpRatio)) / hidden,
            QkvBias = node["qkv_bias"] is JsonValue q ? q.GetValue<bool>() : o.QkvBias,
            AttentionType = node["attention_type"] is JsonValue a ? AttentionTypeNames.FromOfficial(a.GetValue<string>()) : o.AttentionType,
            DropRate = Double("hidden_dropout_prob", o.DropRate),
            AttentionDropRate = Double("attention_probs_dropout_prob", o.AttentionDropRate),
            DropPathRate = Double("drop_path_rate", o.DropPathRate),
            LayerNormEps = Double("layer_norm_eps", o.LayerNormEps),
            NumClasses = labels.Length > 0 ? labels.Length : o.NumClasses,
        };
        options.Validate();
        return new HuggingFaceConfig(options, labels);
    }

    private static string[] ReadLabels(JsonObject? id2label)
    {
        if (id2label is null) return [];
        var labels = new string[id2label.Count];
        foreach (var (key, value) in id2label)
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out int index) || index >= labels.Length)
                throw new FormatException($"id2label key '{key}' is not an index below {labels.Length}.");
            labels[index] = value?.GetValue<string>() ?? throw new FormatException($"id2label '{key}' has no label.");
        }
        return labels;
    }
}

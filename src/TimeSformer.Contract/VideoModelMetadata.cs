using System.Text.Json;

namespace TimeSformer.Contract;

/// <summary>
/// What a TimeSformer.MLNet ONNX model carries in its <c>metadata_props</c>: the clip spec, the ordered class
/// labels, the model configuration (official config names) and the producer. The exporter writes it; the ML.NET
/// pipeline reads it so that naming a model file is enough to configure scoring.
/// </summary>
public sealed record VideoModelMetadata
{
    /// <summary>Metadata key of the JSON array of class labels, in output order.</summary>
    public const string LabelsKey = "labels";

    /// <summary>Metadata key of the JSON object with the model configuration.</summary>
    public const string ConfigKey = "model.config";

    /// <summary>Metadata key of the model family, e.g. <c>timesformer</c> or <c>cnn-rnn</c>.</summary>
    public const string ArchitectureKey = "model.architecture";

    /// <summary>Metadata key of the producing library and version.</summary>
    public const string ProducerKey = "producer";

    /// <summary>Metadata key of the JSON object saying how the model was quantized (<see cref="ModelQuantization"/>);
    /// absent from fp32 models.</summary>
    public const string QuantizationKey = "model.quantization";

    /// <summary>The clip the model expects.</summary>
    public required ClipSpec Clip { get; init; }

    /// <summary>Class labels in the order of the model's outputs.</summary>
    public required IReadOnlyList<string> Labels { get; init; }

    /// <summary>Model family, e.g. <c>timesformer</c> or <c>cnn-rnn</c>.</summary>
    public string Architecture { get; init; } = ModelArchitecture.TimeSformer;

    /// <summary>Model configuration as a JSON object (official config names such as <c>img_size</c>).</summary>
    public string ConfigJson { get; init; } = "{}";

    /// <summary>Producer name and version.</summary>
    public string Producer { get; init; } = "TimeSformer.MLNet";

    /// <summary>How the model was quantized; null for an fp32 model.</summary>
    public ModelQuantization? Quantization { get; init; }

    /// <summary>Labels "0" to "count - 1", for models whose class names are unknown.</summary>
    public static string[] NumberedLabels(int count) =>
        [.. Enumerable.Range(0, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>Writes all entries as ONNX <c>metadata_props</c> key/value pairs.</summary>
    public IReadOnlyDictionary<string, string> ToMetadataProps()
    {
        var props = new Dictionary<string, string>(Clip.ToMetadata())
        {
            [LabelsKey] = JsonSerializer.Serialize(Labels),
            [ArchitectureKey] = Architecture,
            [ConfigKey] = ConfigJson,
            [ProducerKey] = Producer,
        };
        if (Quantization is not null)
            props[QuantizationKey] = Quantization.ToJson();
        return props;
    }

    /// <summary>Reads entries written by <see cref="ToMetadataProps"/>; throws <see cref="FormatException"/> that
    /// names the missing or malformed entry when the model was not exported by this library.</summary>
    public static VideoModelMetadata FromMetadataProps(IReadOnlyDictionary<string, string> props)
    {
        if (!props.TryGetValue(LabelsKey, out var labelsJson))
            throw new FormatException($"Model metadata has no '{LabelsKey}' entry: it was not exported by TimeSformer.MLNet.");
        string[] labels;
        try
        {
            labels = JsonSerializer.Deserialize<string[]>(labelsJson) ?? [];
        }
        catch (JsonException e)
        {
            throw new FormatException($"Model metadata '{LabelsKey}' is not a JSON array of strings: {e.Message}");
        }
        if (labels.Length == 0)
            throw new FormatException($"Model metadata '{LabelsKey}' is empty.");
        return new VideoModelMetadata
        {
            Clip = ClipSpec.FromMetadata(props),
            Labels = labels,
            Architecture = props.GetValueOrDefault(ArchitectureKey, ModelArchitecture.TimeSformer),
            ConfigJson = props.GetValueOrDefault(ConfigKey, "{}"),
            Producer = props.GetValueOrDefault(ProducerKey, ""),
            Quantization = props.TryGetValue(QuantizationKey, out var quantization) ? ModelQuantization.FromJson(quantization) : null,
        };
    }
}

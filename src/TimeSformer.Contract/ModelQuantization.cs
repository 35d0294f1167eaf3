using System.Text.Json;
using static System.FormattableString;

namespace TimeSformer.Contract;

/// <summary>How a model's linear layers were quantized, stored as JSON under
/// <see cref="VideoModelMetadata.QuantizationKey"/> so that <c>info</c> and a scoring user can tell an int8 model
/// from its fp32 original and see how far it was checked against it.</summary>
public sealed record ModelQuantization
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Number format of the quantized layers, e.g. <c>int8</c>.</summary>
    public string Format { get; init; } = "int8";

    /// <summary>How the weights were quantized, e.g. <c>int8 symmetric per output channel</c>.</summary>
    public string Weights { get; init; } = "";

    /// <summary>How the activations are quantized: <c>dynamic</c> (range measured per call) or <c>static</c>
    /// (range fixed by calibration).</summary>
    public string Activations { get; init; } = "";

    /// <summary>The ONNX operators the quantized layers run as.</summary>
    public string Operators { get; init; } = "";

    /// <summary>Linear layers quantized; everything else stays fp32.</summary>
    public int QuantizedLayers { get; init; }

    /// <summary>Clips the static activation ranges were calibrated on (0 for dynamic activations).</summary>
    public int CalibrationClips { get; init; }

    /// <summary>Agreement with the fp32 model when the quantizer checked it; otherwise null.</summary>
    public QuantizationAgreement? Agreement { get; init; }

    /// <summary>The record as the JSON stored in the model's metadata.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads what <see cref="ToJson"/> wrote; throws <see cref="FormatException"/> when it is not that.</summary>
    public static ModelQuantization FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<ModelQuantization>(json, Json)
                ?? throw new FormatException($"Model metadata '{VideoModelMetadata.QuantizationKey}' is empty.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"Model metadata '{VideoModelMetadata.QuantizationKey}' is not valid: {e.Message}");
        }
    }

    /// <summary>One line for people, e.g. <c>int8 (weights ..., activations dynamic), 24 layers, agreement 99.6% ...</c>.</summary>
    public string Describe()
    {
        string calibrated = CalibrationClips > 0 ? Invariant($", calibrated on {CalibrationClips} clips") : "";
        string text = Invariant($"{Format}: {QuantizedLayers} linear layers, weights {Weights}, activations {Activations}{calibrated}, operators {Operators}");
        if (Agreement is { } a)
        {
            text += Invariant($"; agreement with fp32 on {a.Clips} clips: top-1 {a.Top1Agreement * 100:0.0}%, largest probability difference {a.MaxProbabilityDifference:G3}");
            if (a.AccuracyDeltaPoints is { } delta)
                text += Invariant($", accuracy {a.Fp32Accuracy * 100:0.0}% -> {a.QuantizedAccuracy * 100:0.0}% ({delta:+0.0;-0.0;0.0} points)");
        }
        return text;
    }
}

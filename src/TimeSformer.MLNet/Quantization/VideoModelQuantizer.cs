using Google.Protobuf;
using Onnx;
using TimeSformer.Contract;

namespace TimeSformer.MLNet.Quantization;

/// <summary>
/// Quantizes a TimeSformer.MLNet model to int8 (<see cref="OnnxQuantizer"/>), checks it against the fp32 model on
/// clips (<see cref="QuantizationCheck"/>), refuses it when top-1 agreement falls below a minimum, and records how
/// it was made and how well it agreed in its metadata. Needs no libtorch: a scoring user can quantize any exported
/// model.
/// </summary>
/// <example><code>
/// var spec = VideoModelReader.Read("model.onnx").Clip;
/// var check = LabeledClips.Synthetic(spec, 256, labels);
/// var quantization = VideoModelQuantizer.QuantizeFile("model.onnx", "model.int8.onnx", check);
/// Console.WriteLine(quantization.Describe());
/// </code></example>
public static class VideoModelQuantizer
{
    /// <summary>Default least top-1 agreement with the fp32 model (0.99).</summary>
    public const double DefaultMinAgreement = 0.99;

    /// <summary>Quantizes an in-memory model and checks it.</summary>
    /// <param name="fp32">The model (left unchanged).</param>
    /// <param name="check">Clips to compare the two models on.</param>
    /// <param name="options">Quantization settings.</param>
    /// <param name="calibration">Calibration clips for static activations (e.g. a few training clips).</param>
    /// <param name="minAgreement">Least top-1 agreement accepted, 0 to 1.</param>
    /// <returns>The quantized model, whose metadata already holds the quantization and its agreement.</returns>
    /// <exception cref="OnnxQuantizationException">The model cannot be quantized, or agreement is below
    /// <paramref name="minAgreement"/>.</exception>
    public static (ModelProto Model, ModelQuantization Quantization) Quantize(ModelProto fp32, LabeledClips check,
        Int8QuantizationOptions? options = null, LabeledClips? calibration = null, double minAgreement = DefaultMinAgreement)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentOutOfRangeException.ThrowIfLessThan(minAgreement, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minAgreement, 1);
        options ??= new Int8QuantizationOptions();
        var (model, quantization) = OnnxQuantizer.Quantize(fp32, options, calibration?.Clips);
        var agreement = QuantizationCheck.Compare(fp32, model, check, options.Threads);
        quantization = quantization with { Agreement = agreement };
        if (agreement.Top1Agreement < minAgreement)
            throw new OnnxQuantizationException(FormattableString.Invariant($"The int8 model agrees with the fp32 one on {agreement.Top1Agreement * 100:0.0}% of ")
                + FormattableString.Invariant($"{agreement.Clips} clips (largest probability difference {agreement.MaxProbabilityDifference:G3}), below the ")
                + FormattableString.Invariant($"required {minAgreement * 100:0.0}%. Try dynamic activations, check on clips like the model's data, or lower the minimum."));
        OnnxQuantizer.SetMetadata(model, quantization);
        return (model, quantization);
    }

    /// <summary>Quantizes the model file <paramref name="fp32Path"/>, checks it, and writes it to
    /// <paramref name="outputPath"/> (atomically; nothing is written when the check fails).</summary>
    /// <inheritdoc cref="Quantize(ModelProto, LabeledClips, Int8QuantizationOptions?, LabeledClips?, double)"/>
    public static ModelQuantization QuantizeFile(string fp32Path, string outputPath, LabeledClips check,
        Int8QuantizationOptions? options = null, LabeledClips? calibration = null, double minAgreement = DefaultMinAgreement)
    {
        ModelProto fp32;
        using (var stream = File.OpenRead(fp32Path))
            fp32 = ModelProto.Parser.ParseFrom(stream);
        var (model, quantization) = Quantize(fp32, check, options, calibration, minAgreement);
        AtomicFile.Write(outputPath, model.WriteTo);
        return quantization;
    }
}

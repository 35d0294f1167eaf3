namespace TimeSformer.MLNet.Quantization;

/// <summary>Settings of <see cref="OnnxQuantizer"/>.</summary>
public sealed record Int8QuantizationOptions
{
    /// <summary>Dynamic (default) or calibrated static activations.</summary>
    public ActivationQuantization Activations { get; init; } = ActivationQuantization.Dynamic;

    /// <summary>ONNX Runtime's fused operators (default, fastest there) or standard ONNX ones.</summary>
    public QuantizedOperators Operators { get; init; } = QuantizedOperators.OnnxRuntimeFused;

    /// <summary>Intra-op threads of the ONNX Runtime sessions that calibrate and check (0: one per core).</summary>
    public int Threads { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Activations)) throw new ArgumentException($"Unknown activation quantization {Activations}.");
        if (!Enum.IsDefined(Operators)) throw new ArgumentException($"Unknown quantized operators {Operators}.");
        if (Threads < 0) throw new ArgumentException($"Int8QuantizationOptions.Threads must not be negative, was {Threads}.");
    }
}

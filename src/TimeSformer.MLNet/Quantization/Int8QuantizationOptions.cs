namespace TimeSformer.MLNet.Quantization;

/// <summary>Settings of <see cref="OnnxQuantizer"/>.</summary>
public sealed record Int8QuantizationOptions
{
    /// <summary>Dynamic (default) or calibrated static activations.</summary>
    public ActivationQuantization Activations { get; init; } = ActivationQuantization.Dynamic;

    /// <summary>ONNX Runtime's fused operators (default, fastest there) or standard ONNX ones.</summary>
    public QuantizedOperators Operators { get; init; } = QuantizedOperators.OnnxRuntimeFused;

    /// <summary>
    /// Quantize the weights to 7 bits, [-63, 63] (default true; ONNX Runtime's quantizer calls this <c>reduce_range</c>).
    /// On x86 CPUs without VNNI (AVX2, or AVX-512 without <c>avx512_vnni</c>) ONNX Runtime multiplies uint8 activations
    /// by int8 weights with an instruction that adds two products in 16 bits and saturates, so full 8-bit weights give
    /// wrong sums there: the shipped model's largest probability difference from fp32 was 0.43 with 8-bit weights on
    /// such a CPU against 0.06 on a VNNI one. 7-bit weights cannot saturate and give the same results on every CPU (0.11
    /// there, top-1 agreement 99.9%). An int8 model is usually made on one machine and scored on others, so only turn
    /// this off when every machine that scores it has VNNI.
    /// </summary>
    public bool ReduceRange { get; init; } = true;

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

namespace TimeSformer.Contract;

/// <summary>The names and format versions every TimeSformer.MLNet ONNX model has: the exporter writes them, the
/// scoring pipeline, the quantizer and the benchmarks look them up.</summary>
public static class OnnxSignature
{
    /// <summary>Name of the model input: float32 [batch, T, 3, S, S].</summary>
    public const string InputName = "pixel_values";

    /// <summary>Name of the raw class-score output: float32 [batch, classes].</summary>
    public const string LogitsName = "logits";

    /// <summary>Name of the class-probability output (softmax of <see cref="LogitsName"/>): float32 [batch, classes].</summary>
    public const string ProbabilitiesName = "probabilities";

    /// <summary>Name of the dynamic batch dimension of the input and outputs.</summary>
    public const string BatchDim = "batch";

    /// <summary>ONNX IR version written (8: ONNX 1.10, read by every ONNX Runtime since 1.10).</summary>
    public const long IrVersion = 8;

    /// <summary>Producer name written to the model.</summary>
    public const string ProducerName = "TimeSformer.MLNet";
}

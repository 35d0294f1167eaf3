namespace TimeSformer.MLNet.Quantization;

/// <summary>The ONNX operators a quantized linear layer is written as.</summary>
public enum QuantizedOperators
{
    /// <summary>ONNX Runtime's fused contrib operators (domain <c>com.microsoft</c>): <c>DynamicQuantizeMatMul</c>
    /// (dynamic activations) or <c>QuantizeLinear</c> + <c>MatMulIntegerToFloat</c> (static), with the bias folded
    /// in. Runs only in ONNX Runtime.</summary>
    OnnxRuntimeFused,

    /// <summary>Standard ONNX operators only: <c>DynamicQuantizeLinear</c> or <c>QuantizeLinear</c>, then
    /// <c>MatMulInteger</c>, <c>Cast</c>, <c>Mul</c> by the combined scale and <c>Add</c> of the bias. Portable; ONNX
    /// Runtime fuses parts of it when it optimises the graph.</summary>
    Standard,
}

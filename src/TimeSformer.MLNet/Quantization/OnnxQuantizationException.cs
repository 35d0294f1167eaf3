namespace TimeSformer.MLNet.Quantization;

/// <summary>A model cannot be quantized, or its quantized form disagrees with the original more than allowed; the
/// message says why and what to do.</summary>
public sealed class OnnxQuantizationException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public OnnxQuantizationException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public OnnxQuantizationException(string message, Exception inner) : base(message, inner) { }
}

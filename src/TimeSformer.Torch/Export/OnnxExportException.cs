namespace TimeSformer.Torch.Export;

/// <summary>Thrown when a model cannot be exported to ONNX: a weight is missing or has the wrong shape, or the
/// metadata disagrees with the model. The message names the weight or setting and what was expected.</summary>
public sealed class OnnxExportException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public OnnxExportException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public OnnxExportException(string message, Exception inner) : base(message, inner)
    {
    }
}

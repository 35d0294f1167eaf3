namespace TimeSformer.Torch.Export;

/// <summary>Optional settings of an ONNX export.</summary>
public sealed record OnnxExportOptions
{
    /// <summary>The graph's name; defaults to the model's architecture.</summary>
    public string? GraphName { get; init; }

    /// <summary>Free text stored as the model's <c>doc_string</c>.</summary>
    public string? DocString { get; init; }

    /// <summary>The model's <c>model_version</c>.</summary>
    public long ModelVersion { get; init; } = 1;
}

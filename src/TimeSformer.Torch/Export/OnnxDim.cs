namespace TimeSformer.Torch.Export;

/// <summary>One dimension of an ONNX value's shape: a fixed size or a symbolic name such as <c>batch</c>.</summary>
/// <param name="Value">The size when fixed; ignored when <paramref name="Param"/> is set.</param>
/// <param name="Param">The symbolic name of a dynamic dimension, or <see langword="null"/> when fixed.</param>
public readonly record struct OnnxDim(long Value, string? Param = null)
{
    /// <summary>Whether the dimension is symbolic.</summary>
    public bool IsSymbolic => Param is not null;

    /// <summary>A fixed dimension.</summary>
    public static implicit operator OnnxDim(long value) => new(value);

    /// <summary>A symbolic dimension.</summary>
    public static implicit operator OnnxDim(string param) => new(0, param);

    /// <inheritdoc />
    public override string ToString() => Param ?? Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace TimeSformer.MLNet.Quantization;

/// <summary>The arithmetic of int8 quantization and the ONNX initializers that carry it.</summary>
internal static class Int8Tensors
{
    /// <summary>Symmetric int8 weights use [-127, 127], so that negating a weight never overflows.</summary>
    public const int WeightLimit = 127;

    /// <summary>The reduced (7-bit) range [-63, 63]: a uint8 activation times such a weight, added in pairs, stays
    /// within a 16-bit sum (2 x 255 x 63 = 32,130), which is what x86 CPUs without VNNI compute in.</summary>
    public const int ReducedWeightLimit = 63;

    /// <summary>The values of a float32 initializer, stored as raw bytes or as <c>float_data</c>.</summary>
    public static float[] Floats(TensorProto tensor) => tensor.RawData.Length > 0
        ? MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray()
        : [.. tensor.FloatData];

    /// <summary>Quantizes a [K, N] weight (ONNX MatMul layout: input features by output features) per output
    /// column: scale_n = max_k |w_kn| / limit, zero point 0 (<paramref name="limit"/>: <see cref="WeightLimit"/> or
    /// <see cref="ReducedWeightLimit"/>). Returns the int8 values, row-major, and the N scales.</summary>
    public static (sbyte[] Values, float[] Scales) QuantizePerColumn(float[] weight, int rows, int columns, int limit = WeightLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, WeightLimit);
        var scales = new float[columns];
        for (int k = 0; k < rows; k++)
            for (int n = 0; n < columns; n++)
                scales[n] = Math.Max(scales[n], Math.Abs(weight[k * columns + n]));
        for (int n = 0; n < columns; n++)
            scales[n] = scales[n] > 0 ? scales[n] / limit : 1f;
        var values = new sbyte[weight.Length];
        for (int k = 0; k < rows; k++)
            for (int n = 0; n < columns; n++)
                values[k * columns + n] = (sbyte)Math.Clamp(MathF.Round(weight[k * columns + n] / scales[n]), -limit, limit);
        return (values, scales);
    }

    /// <summary>Asymmetric uint8 parameters for values seen in [min, max]: the range is widened to hold 0 exactly.</summary>
    public static (float Scale, byte ZeroPoint) Uint8Range(float min, float max)
    {
        min = Math.Min(min, 0);
        max = Math.Max(max, 0);
        float scale = max > min ? (max - min) / byte.MaxValue : 1f;
        return (scale, (byte)Math.Clamp(MathF.Round(-min / scale), 0, byte.MaxValue));
    }

    /// <summary>An int8 initializer.</summary>
    public static TensorProto Int8(string name, sbyte[] values, params long[] dims) =>
        Raw(name, DataType.Int8, MemoryMarshal.AsBytes(values.AsSpan()), dims);

    /// <summary>A uint8 scalar initializer.</summary>
    public static TensorProto Uint8Scalar(string name, byte value) => Raw(name, DataType.Uint8, [value]);

    /// <summary>A float32 initializer (a scalar when <paramref name="dims"/> is empty).</summary>
    public static TensorProto Float(string name, float[] values, params long[] dims) =>
        Raw(name, DataType.Float, MemoryMarshal.AsBytes(values.AsSpan()), dims);

    private static TensorProto Raw(string name, DataType type, ReadOnlySpan<byte> bytes, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(bytes) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }
}

using System.Runtime.InteropServices;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using TimeSformer.MLNet;
using DataType = Onnx.TensorProto.Types.DataType;

namespace TimeSformer.Benchmarks;

/// <summary>An n x n x n matrix product in ONNX Runtime, built in code, with the weight as a constant initializer (as in
/// our models, so ONNX Runtime prepacks it): fp32 <c>MatMul</c>, int8 <c>MatMulInteger</c> (uint8 x int8, the VNNI
/// form) and bf16 <c>MatMul</c>. The rates are this machine's ceilings for the same kernels the models use.</summary>
public sealed class OrtGemm : IDisposable
{
    private readonly InferenceSession session;
    private readonly OrtValue input;
    private readonly RunOptions runOptions = new();
    private readonly int n;

    /// <summary>Operand formats.</summary>
    public enum Format
    {
        /// <summary>float32 x float32 -> float32.</summary>
        Fp32,

        /// <summary>uint8 x int8 -> int32.</summary>
        Int8,

        /// <summary>bfloat16 x bfloat16 -> bfloat16.</summary>
        Bf16,
    }

    /// <summary>Builds the product's graph and opens it; throws <see cref="OnnxRuntimeException"/> when ONNX Runtime's
    /// CPU provider has no kernel for the format.</summary>
    public OrtGemm(Format format, int n, int threads)
    {
        this.n = n;
        var (inputType, weightType, outputType, op) = format switch
        {
            Format.Fp32 => (DataType.Float, DataType.Float, DataType.Float, "MatMul"),
            Format.Int8 => (DataType.Uint8, DataType.Int8, DataType.Int32, "MatMulInteger"),
            _ => (DataType.Bfloat16, DataType.Bfloat16, DataType.Bfloat16, "MatMul"),
        };
        var random = new Random(0);
        var graph = new GraphProto { Name = $"gemm_{format}_{n}" };
        graph.Input.Add(Value("a", inputType, n));
        graph.Output.Add(Value("y", outputType, n));
        var weight = new TensorProto { Name = "b", DataType = (int)weightType, RawData = ByteString.CopyFrom(RandomBytes(format, n, random)) };
        weight.Dims.AddRange([n, n]);
        graph.Initializer.Add(weight);
        var node = new NodeProto { OpType = op, Name = op };
        node.Input.AddRange(["a", "b"]);
        node.Output.Add("y");
        graph.Node.Add(node);
        var model = new ModelProto { IrVersion = 8, ProducerName = "timesformer bench", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });

        using var options = OnnxSessionTuning.CreateSessionOptions(threads);
        session = new InferenceSession(model.ToByteArray(), options);
        var inputBytes = RandomBytes(format, n, random);
        long[] shape = [n, n];
        input = format switch
        {
            Format.Fp32 => OrtValue.CreateTensorValueFromMemory(MemoryMarshal.Cast<byte, float>(inputBytes).ToArray(), shape),
            Format.Int8 => OrtValue.CreateTensorValueFromMemory(inputBytes, shape),
            _ => OrtValue.CreateTensorValueFromMemory(MemoryMarshal.Cast<byte, ushort>(inputBytes).ToArray().Select(b => new BFloat16(b)).ToArray(), shape),
        };
    }

    /// <summary>Runs the product once.</summary>
    public void Run()
    {
        using var outputs = session.Run(runOptions, ["a"], [input], ["y"]);
    }

    /// <summary>Billions of operations per second (2 n^3 per product) for a product that took <paramref name="seconds"/>.</summary>
    public double Gops(double seconds) => 2.0 * n * n * n / seconds / 1e9;

    /// <summary>The rate of <paramref name="format"/>, median of <paramref name="repeats"/> runs after a warm-up.</summary>
    public static double Measure(Format format, int n, int threads, int repeats)
    {
        using var gemm = new OrtGemm(format, n, threads);
        return gemm.Gops(Measurement.Time(gemm.Run, repeats).Median);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        input.Dispose();
        runOptions.Dispose();
        session.Dispose();
    }

    private static byte[] RandomBytes(Format format, int n, Random random)
    {
        var bytes = new byte[(long)n * n * (format switch { Format.Fp32 => 4, Format.Int8 => 1, _ => 2 })];
        random.NextBytes(bytes);
        if (format == Format.Fp32) FillFloats(bytes, random);
        if (format == Format.Bf16) FillBfloat16(bytes, random);
        return bytes;
    }

    private static void FillFloats(byte[] bytes, Random random)
    {
        var floats = MemoryMarshal.Cast<byte, float>(bytes.AsSpan());
        for (int i = 0; i < floats.Length; i++) floats[i] = (float)(random.NextDouble() * 2 - 1);
    }

    // The upper halves of float32 values in [-1, 1]: valid bfloat16 numbers, not random bit patterns (NaNs).
    private static void FillBfloat16(byte[] bytes, Random random)
    {
        var halves = MemoryMarshal.Cast<byte, ushort>(bytes.AsSpan());
        for (int i = 0; i < halves.Length; i++)
            halves[i] = (ushort)(BitConverter.SingleToUInt32Bits((float)(random.NextDouble() * 2 - 1)) >> 16);
    }

    private static ValueInfoProto Value(string name, DataType type, int n)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = n });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = n });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}

using Microsoft.ML.OnnxRuntime;

namespace TimeSformer.Benchmarks.Tests;

[TestClass]
public sealed class OrtGemmTests
{
    [TestMethod]
    [DataRow(OrtGemm.Format.Fp32)]
    [DataRow(OrtGemm.Format.Int8)]
    public void Measure_SmallProduct_GivesAPositiveRate(OrtGemm.Format format)
    {
        double rate = OrtGemm.Measure(format, 64, threads: 1, repeats: 1);
        Assert.IsTrue(rate > 0 && double.IsFinite(rate), $"{format}: {rate} GOP/s");
    }

    [TestMethod]
    public void Measure_Bf16_OnnxRuntimeCpuProviderHasNoKernel()
    {
        // What the bench reports as "not run"; when a later ONNX Runtime gains the kernel, bf16 deserves a model row.
        var e = Assert.ThrowsExactly<OnnxRuntimeException>(() => OrtGemm.Measure(OrtGemm.Format.Bf16, 64, threads: 1, repeats: 1));
        StringAssert.Contains(e.Message, "MatMul");
    }
}

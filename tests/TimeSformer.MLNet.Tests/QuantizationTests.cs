using Microsoft.ML;
using Microsoft.ML.Data;
using Onnx;
using TimeSformer.Contract;
using TimeSformer.MLNet.Quantization;
using TimeSformer.MLNet.Tests.Fixtures;

namespace TimeSformer.MLNet.Tests;

[TestClass]
public sealed class QuantizationTests
{
    private static ModelProto Fp32()
    {
        using var stream = File.OpenRead(TestData.ModelPath);
        return ModelProto.Parser.ParseFrom(stream);
    }

    private static LabeledClips ColourClips() => LabeledClips.FromVideos(TestData.Spec,
        [(TestData.Red, "red"), (TestData.Green, "green"), (TestData.Blue, "blue")], TestData.Labels);

    [TestMethod]
    [DataRow(Int8Tensors.WeightLimit)]
    [DataRow(Int8Tensors.ReducedWeightLimit)]
    public void QuantizePerColumn_Weights_OneScalePerOutputAndRoundTripWithinHalfAStep(int limit)
    {
        float[] weight = [0.5f, -2f, 0.25f, 1f, -0.5f, 0f]; // [K=2, N=3]
        var (values, scales) = Int8Tensors.QuantizePerColumn(weight, 2, 3, limit);
        CollectionAssert.AreEqual(new[] { 1f / limit, 2f / limit, 0.25f / limit }, scales);
        Assert.AreEqual(-limit, values[1], "the largest magnitude of a column maps to -limit/limit");
        for (int i = 0; i < weight.Length; i++)
            Assert.AreEqual(weight[i], values[i] * scales[i % 3], scales[i % 3] / 2 + 1e-7, $"weight {i}");
    }

    [TestMethod]
    public void Uint8Range_NegativeAndPositiveValues_ZeroIsExact()
    {
        var (scale, zeroPoint) = Int8Tensors.Uint8Range(-1f, 3f);
        Assert.AreEqual(4f / 255, scale, 1e-7);
        Assert.AreEqual(64, zeroPoint);
        Assert.AreEqual((byte)0, Int8Tensors.Uint8Range(0.5f, 2f).ZeroPoint, "a positive range is widened down to 0");
    }

    [TestMethod]
    [DataRow(QuantizedOperators.OnnxRuntimeFused, ActivationQuantization.Dynamic, "DynamicQuantizeMatMul")]
    [DataRow(QuantizedOperators.OnnxRuntimeFused, ActivationQuantization.Static, "MatMulIntegerToFloat")]
    [DataRow(QuantizedOperators.Standard, ActivationQuantization.Dynamic, "MatMulInteger")]
    [DataRow(QuantizedOperators.Standard, ActivationQuantization.Static, "MatMulInteger")]
    public void Quantize_TinyModel_Int8WeightsAgreeingOutputsAndMetadata(QuantizedOperators operators, ActivationQuantization activations, string op)
    {
        var fp32 = Fp32();
        var clips = ColourClips();
        var options = new Int8QuantizationOptions { Operators = operators, Activations = activations, Threads = 1 };

        var (model, quantization) = OnnxQuantizer.Quantize(fp32, options, clips.Clips);

        Assert.IsFalse(model.Graph.Node.Any(n => n.OpType == "MatMul"), "the linear MatMul is replaced");
        Assert.IsTrue(model.Graph.Node.Any(n => n.OpType == op), $"a {op} node runs the layer");
        Assert.IsFalse(model.Graph.Initializer.Any(t => t.Name == "weights"), "the fp32 weight is dropped");
        var weight = model.Graph.Initializer.Single(t => t.DataType == (int)TensorProto.Types.DataType.Int8);
        CollectionAssert.AreEqual(new long[] { 3, 3 }, weight.Dims.ToArray());
        Assert.AreEqual(1, fp32.Graph.Node.Count(n => n.OpType == "MatMul"), "the input model is left unchanged");
        Assert.AreEqual(1, quantization.QuantizedLayers);
        Assert.AreEqual(activations == ActivationQuantization.Static ? 3 : 0, quantization.CalibrationClips);

        var agreement = QuantizationCheck.Compare(fp32, model, clips, threads: 1);
        Assert.AreEqual(1.0, agreement.Top1Agreement);
        Assert.AreEqual(1.0, agreement.QuantizedAccuracy);
        Assert.IsTrue(agreement.MaxProbabilityDifference < 0.01, $"probabilities differ by {agreement.MaxProbabilityDifference}");
        var read = VideoModelMetadata.FromMetadataProps(model.MetadataProps.ToDictionary(p => p.Key, p => p.Value));
        Assert.AreEqual(quantization.Operators, read.Quantization?.Operators);
        CollectionAssert.AreEqual(TestData.Labels, read.Labels.ToArray(), "the original metadata is kept");
    }

    [TestMethod]
    [DataRow(true, 63, "7-bit range [-63, 63]")]
    [DataRow(false, 127, "full range [-127, 127]")]
    public void Quantize_ReduceRange_SevenBitWeightsByDefault(bool reduce, int largest, string described)
    {
        var defaults = new Int8QuantizationOptions();
        Assert.IsTrue(defaults.ReduceRange, "7-bit weights by default: full ones saturate on x86 CPUs without VNNI");
        var (model, quantization) = OnnxQuantizer.Quantize(Fp32(), defaults with { ReduceRange = reduce, Threads = 1 });

        var weight = model.Graph.Initializer.Single(t => t.DataType == (int)TensorProto.Types.DataType.Int8);
        Assert.AreEqual(largest, weight.RawData.Span.ToArray().Max(b => Math.Abs((int)(sbyte)b)));
        StringAssert.EndsWith(quantization.Weights, described);
        var agreement = QuantizationCheck.Compare(Fp32(), model, ColourClips(), threads: 1);
        Assert.AreEqual(1.0, agreement.Top1Agreement);
    }

    [TestMethod]
    public void Quantize_StaticWithoutCalibrationClips_ThrowsSayingWhatToDo()
    {
        var e = Assert.ThrowsExactly<OnnxQuantizationException>(() =>
            OnnxQuantizer.Quantize(Fp32(), new Int8QuantizationOptions { Activations = ActivationQuantization.Static }));
        StringAssert.Contains(e.Message, "calibration clips");
    }

    [TestMethod]
    public void Quantize_QuantizedModel_ThrowsAskingForTheFp32Original()
    {
        var (int8, _) = OnnxQuantizer.Quantize(Fp32());
        var e = Assert.ThrowsExactly<OnnxQuantizationException>(() => OnnxQuantizer.Quantize(int8));
        StringAssert.Contains(e.Message, "already quantized");
    }

    [TestMethod]
    public void Quantize_ModelWithoutLinearLayers_ThrowsNamingWhy()
    {
        var model = Fp32();
        model.Graph.Node.Single(n => n.OpType == "MatMul").OpType = "Mul"; // no MatMul left
        var e = Assert.ThrowsExactly<OnnxQuantizationException>(() => OnnxQuantizer.Quantize(model));
        StringAssert.Contains(e.Message, "no MatMul with a constant weight");
    }

    [TestMethod]
    public void QuantizeFile_AgreementBelowMinimum_ThrowsAndWritesNothing()
    {
        // Green beats red by 0.001 in fp32, far less than one uint8 step of the layer's input range: int8 ties them
        // and the first class (red) wins, so the two models disagree on the only clip.
        var clip = new float[TestData.Spec.ValueCount];
        int plane = TestData.Spec.Size * TestData.Spec.Size;
        for (int i = 0; i < clip.Length; i++) clip[i] = (i / plane % 3) switch { 0 => 0.5f, 1 => 0.501f, _ => -2f };
        string output = TestData.TempPath("refused.onnx");

        var e = Assert.ThrowsExactly<OnnxQuantizationException>(() =>
            VideoModelQuantizer.QuantizeFile(TestData.ModelPath, output, new LabeledClips([clip]), new Int8QuantizationOptions { Threads = 1 }));

        StringAssert.Contains(e.Message, "0.0% of 1 clips");
        Assert.IsFalse(File.Exists(output));
    }

    [TestMethod]
    public void ScoreVideos_QuantizedModel_ScoresUnchangedPipelineWithinTolerance()
    {
        string int8 = TestData.TempPath("tiny.int8.onnx");
        var quantization = VideoModelQuantizer.QuantizeFile(TestData.ModelPath, int8, ColourClips(),
            new Int8QuantizationOptions { Threads = 1 });
        Assert.AreEqual(1.0, quantization.Agreement!.Top1Agreement);
        Assert.AreEqual("dynamic", VideoModelReader.Read(int8).Quantization!.Activations.Split(' ')[0]);

        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { TestData.Red, TestData.Green, TestData.Blue }
            .Zip(TestData.Labels, (p, l) => new VideoRow { VideoPath = p, Label = l }));
        float[][] Scores(string model) => [.. ml.Transforms.ScoreVideos(model).Fit(data).Transform(data).GetColumn<float[]>("Score")];
        var reference = Scores(TestData.ModelPath);
        var quantized = Scores(int8);
        for (int row = 0; row < reference.Length; row++)
        {
            Assert.AreEqual(Array.IndexOf(reference[row], reference[row].Max()), Array.IndexOf(quantized[row], quantized[row].Max()), $"row {row}");
            for (int k = 0; k < reference[row].Length; k++)
                Assert.AreEqual(reference[row][k], quantized[row][k], 0.01, $"row {row} class {k}");
        }
    }
}

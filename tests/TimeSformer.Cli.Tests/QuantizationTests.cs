using Microsoft.ML.OnnxRuntime;
using Onnx;
using TimeSformer.Cli.Tests.Fixtures;
using TimeSformer.Contract;
using TimeSformer.MLNet.Quantization;
using TimeSformer.Torch.Export;
using TimeSformer.Torch.Model;
using TimeSformer.Video.Datasets;
using static TorchSharp.torch;

namespace TimeSformer.Cli.Tests;

/// <summary>int8 models against their fp32 originals: the shipped model on the demo's test split, a Base-sized random
/// model, and the <c>export --quantize</c>, <c>info</c> and <c>evaluate</c> verbs.</summary>
[TestClass]
public sealed class QuantizationTests
{
    private static string ShippedModel => Path.Combine(ShippedModelTests.RepositoryRoot, "onnx", "timesformer-synthetic.onnx");

    private static ModelProto Load(string path)
    {
        using var stream = File.OpenRead(path);
        return ModelProto.Parser.ParseFrom(stream);
    }

    [TestMethod]
    [DataRow(ActivationQuantization.Dynamic)]
    [DataRow(ActivationQuantization.Static)]
    public void Quantize_ShippedModelOnDemoTestSplit_Agrees99PercentAndAccuracyWithinOnePoint(ActivationQuantization activations)
    {
        var fp32 = Load(ShippedModel);
        var metadata = VideoModelMetadata.FromMetadataProps(fp32.MetadataProps.ToDictionary(p => p.Key, p => p.Value));
        // The demo's whole test split (768 clips of 24 held-out groups), rendered in memory instead of decoded from MJPG.
        var test = LabeledClips.Synthetic(metadata.Clip, 768, metadata.Labels);
        var calibration = activations == ActivationQuantization.Static
            ? LabeledClips.Synthetic(metadata.Clip, 32, metadata.Labels, split: VideoDataset.TrainSplit)
            : null;

        var (_, quantization) = VideoModelQuantizer.Quantize(fp32, test,
            new Int8QuantizationOptions { Activations = activations, Threads = 2 }, calibration);

        var a = quantization.Agreement!;
        Assert.AreEqual(768, a.Clips);
        Assert.IsTrue(a.Fp32Accuracy > 0.9, $"fp32 accuracy {a.Fp32Accuracy}: the clips must be the demo's, or agreement proves little");
        Assert.IsTrue(a.Top1Agreement >= 0.99, $"top-1 agreement {a.Top1Agreement}");
        Assert.IsTrue(Math.Abs(a.AccuracyDeltaPoints!.Value) <= 1.0, $"accuracy {a.Fp32Accuracy} -> {a.QuantizedAccuracy}");
        Assert.IsTrue(a.MaxProbabilityDifference < 0.15, $"largest probability difference {a.MaxProbabilityDifference}");
    }

    [TestMethod]
    public void Quantize_BaseSizedRandomModel_LogitsWithinTolerance()
    {
        // Base's width (768), heads, MLP and 224 px patches of 16, but 2 of its 12 blocks and 4 of its 8 frames, so that
        // the test takes seconds: every quantized layer has Base's shapes, and the error grows with depth only slowly.
        var options = TimeSformerOptions.Base(400) with { Depth = 2, Frames = 4, DropPathRate = 0 };
        manual_seed(3);
        using var model = new TimeSformerModel(options);
        model.eval();
        var metadata = new VideoModelMetadata { Clip = options.ToClipSpec(), Labels = VideoModelMetadata.NumberedLabels(options.NumClasses) };
        var (fp32, _) = OnnxExporter.Build(new TimeSformerOnnxMapping(options, model.state_dict()), metadata);
        var (int8, quantization) = OnnxQuantizer.Quantize(fp32);
        Assert.AreEqual(2 * 10, quantization.QuantizedLayers, "per block: q, k, v, proj, temporal q, k, v, proj, fc1, fc2");

        var random = new Random(5);
        var clips = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, options.ToClipSpec().ValueCount)
            .Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray()).ToList();
        var reference = Logits(fp32, clips);
        var quantized = Logits(int8, clips);
        for (int i = 0; i < clips.Count; i++)
        {
            double mean = reference[i].Average();
            double spread = Math.Sqrt(reference[i].Sum(v => (v - mean) * (v - mean)));
            double error = Math.Sqrt(reference[i].Zip(quantized[i], (r, q) => (r - q) * (r - q)).Sum());
            Assert.IsTrue(spread > 1e-3 * reference[i].Length, $"clip {i}: logits barely vary ({spread}), so the error proves little");
            Assert.IsTrue(error / spread < 0.05, $"clip {i}: int8 logits are {error / spread:P2} off the fp32 ones (relative to their spread)");
        }
    }

    [TestMethod]
    public void Quantize_CnnRnn_ThrowsSayingItHasNoLinearLayersToQuantize()
    {
        manual_seed(0);
        var options = CnnRnnOptions.Small(4);
        using var model = new CnnRnn(options);
        model.eval();
        var metadata = new VideoModelMetadata { Clip = new ClipSpec { Frames = options.Frames, Size = options.ImageSize, ShortSide = options.ImageSize },
            Labels = VideoModelMetadata.NumberedLabels(4) };
        var (fp32, _) = OnnxExporter.Build(new CnnRnnOnnxMapping(options, model.state_dict()), metadata);

        var e = Assert.ThrowsExactly<OnnxQuantizationException>(() => OnnxQuantizer.Quantize(fp32));
        StringAssert.Contains(e.Message, "CNN-RNN");
        StringAssert.Contains(e.Message, "without --quantize");
    }

    [TestMethod]
    public void Export_QuantizeInt8_WritesCheckedModelThatInfoShowsAndEvaluatePredictScore()
    {
        string folder = CliFixture.NewFolder("quantize");
        string output = Path.Combine(folder, "int8.onnx");
        var export = CliRunner.Run("export", "--checkpoint", Path.Combine(CliFixture.TrainFolder, "best.safetensors"), "--output", output,
            "--quantize", "int8", "--check-data", CliFixture.DataFolder, "--min-agreement", "0");
        CliAssert.Succeeded(export);
        StringAssert.Contains(export.StdOut, "Quantized int8: 20 linear layers");
        StringAssert.Contains(export.StdOut, "agreement with fp32 on");
        Assert.IsFalse(File.Exists(output + ".fp32.tmp"), "the fp32 reference is not left behind");

        var info = CliRunner.Run("info", output);
        CliAssert.Succeeded(info);
        StringAssert.Contains(info.StdOut, "Precision:    int8: 20 linear layers");
        StringAssert.Contains(info.StdOut, "weights int8 symmetric per output channel, 7-bit range [-63, 63]");

        var evaluate = CliRunner.Run("evaluate", "--model", output, "--data", CliFixture.Manifest, "--split", "test", "--output", Path.Combine(folder, "report"));
        CliAssert.Succeeded(evaluate);
        string video = Directory.GetFiles(CliFixture.DataFolder, "*.avi", SearchOption.AllDirectories)[0];
        var predict = CliRunner.Run("predict", video, "--model", output);
        CliAssert.Succeeded(predict);
        StringAssert.Contains(predict.StdOut, Path.GetFileName(video));
    }

    [TestMethod]
    public void Export_OnnxModelWithoutQuantize_ExitsOneSayingWhatToAdd()
    {
        var result = CliRunner.Run("export", "--checkpoint", ShippedModel, "--output", Path.Combine(CliFixture.NewFolder("quantize"), "x.onnx"));
        CliAssert.FailedWithOneLine(result, "already an ONNX model", "--quantize int8");
    }

    [TestMethod]
    public void Export_QuantizeShippedOnnxWithStaticActivationsFullRange_RecordsCalibrationAndRange()
    {
        string output = Path.Combine(CliFixture.NewFolder("quantize"), "shipped-int8.onnx");
        var result = CliRunner.Run("export", "--checkpoint", ShippedModel, "--output", output, "--quantize", "int8",
            "--activations", "Static", "--calibration-clips", "8", "--check-clips", "64", "--reduce-range", "false");
        CliAssert.Succeeded(result);
        StringAssert.Contains(result.StdOut, "calibrated on 8 clips");
        StringAssert.Contains(result.StdOut, "full range [-127, 127]");
        var quantization = VideoModelMetadata.FromMetadataProps(Load(output).MetadataProps.ToDictionary(p => p.Key, p => p.Value)).Quantization;
        Assert.AreEqual(64, quantization?.Agreement?.Clips);
        Assert.IsTrue(quantization!.Agreement!.Top1Agreement >= 0.99, $"agreement {quantization.Agreement.Top1Agreement}");
    }

    private static List<float[]> Logits(ModelProto model, IReadOnlyList<float[]> clips)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 2 };
        using var session = new InferenceSession(Google.Protobuf.MessageExtensions.ToByteArray(model), options);
        var shape = session.InputMetadata.Single().Value.Dimensions.Skip(1).Select(d => (long)d).Prepend(1L).ToArray();
        return [.. clips.Select(clip =>
        {
            using var input = OrtValue.CreateTensorValueFromMemory(clip, shape);
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, [OnnxSignature.InputName], [input], [OnnxSignature.LogitsName]);
            return outputs[0].GetTensorDataAsSpan<float>().ToArray();
        })];
    }
}

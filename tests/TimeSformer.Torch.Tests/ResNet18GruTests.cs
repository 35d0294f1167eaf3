using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using TimeSformer.Contract;
using TimeSformer.Torch.Checkpoints;
using TimeSformer.Torch.Export;
using TimeSformer.Torch.Model;
using TimeSformer.Torch.Tests.Fixtures;
using TimeSformer.Torch.Training;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Tests;

/// <summary>The ResNet18-GRU baseline: the pretrained ResNet18 of Microsoft.ML.DnnImageFeaturizer.ResNet18 (copied
/// beside the tests by build/ResNet18Weights.targets), frozen, with a GRU over the frames.</summary>
[TestClass]
public sealed class ResNet18GruTests
{
    // Tiny: 2 frames of 16 px, resized to 32 px for ResNet18 (its 1x1 final map), a GRU of 8.
    private static ResNet18GruOptions Tiny(int imageSize = 16, int backboneSize = 32) => new()
    {
        ImageSize = imageSize, Frames = 2, NumClasses = 3, BackboneSize = backboneSize, HiddenSize = 8,
    };

    [TestMethod]
    public void Import_PackageResNet18_FeaturesMatchThePackagesOwnOnnxModels()
    {
        // The package's graph through ONNX Runtime (its preprocessing model, then ResNet18, batch 1 at 224 px) and our
        // import in TorchSharp on the same picture, given as our normalised RGB clip.
        var options = new ResNet18GruOptions { ImageSize = 224, BackboneSize = 224, Frames = 1 };
        using var model = ResNet18OnnxImport.CreateModel(options);
        using var scope = NewDisposeScope();
        manual_seed(3);
        // A smooth picture (upsampled noise), values 0-255 in RGB.
        var rgb = nn.functional.interpolate(rand(1, 3, 14, 14), [224, 224], mode: InterpolationMode.Bilinear) * 255;
        var mean = tensor(options.ClipMean.ToArray()).view(1, 3, 1, 1);
        var std = tensor(options.ClipStd.ToArray()).view(1, 3, 1, 1);
        var clip = (rgb / 255 - mean) / std;

        Tensor ours;
        using (no_grad())
            ours = model.Backbone.call(clip);
        var reference = PackageFeatures(rgb);

        CollectionAssert.AreEqual(new long[] { 1, 512 }, ours.shape);
        double scale = reference.abs().max().item<float>();
        double diff = OnnxTestModels.MaxAbsDifference(ours, reference);
        Assert.IsGreaterThan(0.1, scale, "the package's features are all near zero, so the comparison proves little");
        Assert.IsLessThan(1e-4, diff / scale, $"features differ by {diff:G3} (largest feature {scale:G3})");
    }

    [TestMethod]
    public void Forward_ClipBatch_OnlyGruAndHeadAreParametersAndGetGradients()
    {
        using var model = ResNet18OnnxImport.CreateModel(Tiny());
        using var clips = randn([3, 2, 3, 16, 16]);

        using var logits = model.call(clips);
        logits.sum().backward();

        CollectionAssert.AreEqual(new long[] { 3, 3 }, logits.shape);
        var names = model.named_parameters().Select(p => p.name).ToList();
        Assert.IsTrue(names.All(n => n.StartsWith("gru.", StringComparison.Ordinal) || n.StartsWith("head.", StringComparison.Ordinal)),
            $"trainable: {string.Join(", ", names)}");
        foreach (var (name, p) in model.named_parameters())
            Assert.IsNotNull(p.grad, $"{name} has no gradient");
        var buffers = model.named_buffers().Select(b => b.name).ToList();
        Assert.HasCount(22 * 2 + 2, buffers, string.Join(", ", buffers));
        Assert.IsTrue(model.named_buffers().All(b => !b.buffer.requires_grad));
    }

    [TestMethod]
    public void Features_SameClipTwice_ResNet18RunsOnceAndGivesTheSameFeatures()
    {
        using var model = ResNet18OnnxImport.CreateModel(Tiny());
        using var uncached = ResNet18OnnxImport.CreateModel(Tiny());
        uncached.FeatureCacheCapacity = 0;
        using var scope = NewDisposeScope();
        var clips = randn([2, 2, 3, 16, 16]);

        var first = model.Features(clips);
        var mixed = model.Features(cat([clips.narrow(0, 1, 1), randn([1, 2, 3, 16, 16])]));
        var reference = uncached.Features(clips);

        Assert.AreEqual(1L, model.FeatureCacheHits);
        Assert.AreEqual(3L, model.FeatureCacheMisses);
        Assert.IsTrue(first.eq(reference).all().item<bool>(), "cached features differ from computed ones");
        Assert.IsTrue(mixed.narrow(0, 0, 1).eq(reference.narrow(0, 1, 1)).all().item<bool>(), "a cached clip came back in the wrong row");
        Assert.IsGreaterThan(0f, first.abs().sum().item<float>());
    }

    [TestMethod]
    public void Trainer_TwoEpochs_BackboneUnchangedGruMovedFeaturesComputedOnce()
    {
        string dir = Directory.CreateTempSubdirectory("resnet18gru-train-").FullName;
        try
        {
            var options = Tiny(imageSize: 32, backboneSize: 32) with { NumClasses = 2 };
            using var model = ResNet18OnnxImport.CreateModel(options);
            var backboneBefore = model.Backbone.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
            var gruBefore = model.named_parameters().First(p => p.name == "gru.weight_ih_l0").parameter.clone();
            var data = MotionClips.Source(4, frames: 2, size: 32);

            var result = new Trainer(new TrainingOptions { Epochs = 2, BatchSize = 4, Seed = 1, Threads = 1, WarmupEpochs = 0 })
                .Train(model, MotionClips.Metadata(frames: 2, size: 32), data, null, dir);

            foreach (var (name, tensor) in model.Backbone.state_dict())
                Assert.IsTrue(tensor.eq(backboneBefore[name]).all().item<bool>(), $"frozen {name} changed");
            Assert.IsFalse(model.named_parameters().First(p => p.name == "gru.weight_ih_l0").parameter.eq(gruBefore).all().item<bool>(), "the GRU did not train");
            Assert.AreEqual(8L, model.FeatureCacheMisses, "each of the 8 clips goes through ResNet18 once");
            Assert.AreEqual(8L, model.FeatureCacheHits, "the second epoch reads the cache");

            // The checkpoint holds the backbone: it rebuilds the same model without the package file.
            using var loaded = CheckpointLoader.Load(result.LastCheckpointPath);
            Assert.IsInstanceOfType<ResNet18Gru>(loaded.Model);
            Assert.AreEqual(ModelArchitecture.ResNet18Gru, loaded.Metadata.Architecture);
            model.eval();
            using var clips = randn([2, 2, 3, 32, 32]);
            using (no_grad())
                Assert.IsTrue(loaded.Model.call(clips).allclose(model.call(clips), rtol: 0, atol: 1e-6));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    [DataRow(16, 32, 1)]
    [DataRow(32, 32, 2)]
    [DataRow(72, 64, 1)]
    public void Export_ResNet18Gru_OneGraphWithCnnAndGruMatchesTorchSharp(int imageSize, int backboneSize, int layers)
    {
        manual_seed(4);
        var options = Tiny(imageSize, backboneSize) with { NumClasses = OnnxTestModels.Classes, RnnLayers = layers };
        using var model = ResNet18OnnxImport.CreateModel(options);
        using (no_grad())
            foreach (var p in model.parameters())
                p.add_(randn_like(p) * 0.1);
        model.eval();
        using var file = OnnxTestModels.TempOnnx();
        var metadata = OnnxTestModels.Metadata(new TimeSformerOptions { Frames = 2, ImageSize = imageSize, NumClasses = OnnxTestModels.Classes });

        var written = OnnxExporter.Export(model, metadata, file.Path);

        Assert.AreEqual(ModelArchitecture.ResNet18Gru, written.Architecture);
        Assert.AreEqual(options, ResNet18GruOptions.FromJson(written.ConfigJson));
        var graph = ModelProto.Parser.ParseFrom(File.ReadAllBytes(file.Path)).Graph;
        var ops = graph.Node.GroupBy(n => n.OpType).ToDictionary(g => g.Key, g => g.Count());
        Assert.AreEqual(22, ops["Conv"], "the package ResNet18's 22 convolutions");
        Assert.AreEqual(layers, ops["GRU"]);
        Assert.AreEqual(imageSize != backboneSize ? 1 : 0, ops.GetValueOrDefault("Resize"));
        Assert.IsTrue(graph.Node.Where(n => n.OpType == "Conv").All(n => n.Name.StartsWith("backbone/", StringComparison.Ordinal)));
        OnnxTestModels.AssertOnnxRuntimeMatches(model, file.Path, options.Frames, options.ImageSize);
    }

    [TestMethod]
    public void CreateModel_MissingFile_NamesThePackage()
    {
        var e = Assert.ThrowsExactly<CheckpointException>(() => ResNet18OnnxImport.CreateModel(Tiny(), "/nonexistent/ResNet18.onnx"));
        StringAssert.Contains(e.Message, "Microsoft.ML.DnnImageFeaturizer.ResNet18");
    }

    [TestMethod]
    public void CreateModel_BatchNormWithTooFewChannels_NamesTheNodeAndTheCount()
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(ResNet18OnnxImport.DefaultPath));
        var bn = model.Graph.Node.First(n => n.OpType == "BatchNormalization");
        var gamma = model.Graph.Initializer.Single(i => i.Name == bn.Input[1]);
        gamma.FloatData.RemoveAt(0);
        gamma.Dims[0] -= 1;
        using var file = OnnxTestModels.TempOnnx();
        File.WriteAllBytes(file.Path, model.ToByteArray());

        var e = Assert.ThrowsExactly<CheckpointException>(() => ResNet18OnnxImport.CreateModel(Tiny(), file.Path));
        StringAssert.Contains(e.Message, $"BatchNormalization '{bn.Name}' does not have 64 channels");
    }

    [TestMethod]
    public void Options_JsonRoundTrip_KeepsEverySetting()
    {
        var options = Tiny() with { RnnLayers = 2, HeadDropRate = 0.25, ClipMean = [0.4f, 0.5f, 0.6f], ClipStd = [0.2f, 0.3f, 0.25f] };

        Assert.AreEqual(options, ResNet18GruOptions.FromJson(options.ToJson()));
        // 112 px would leave the last stage 7 px, where the file's strided branch (3 px) and shortcut (4 px) disagree.
        var e = Assert.ThrowsExactly<ArgumentException>(() => new ResNet18Gru(options with { BackboneSize = 112 }));
        StringAssert.Contains(e.Message, "multiple of 32");
    }

    [TestMethod]
    public void Options_Equality_ComparesMeanAndStdByValueAndNeverAcrossModels()
    {
        var options = new ResNet18GruOptions { ClipMean = [0.45f, 0.45f, 0.45f] };

        Assert.AreEqual(new ResNet18GruOptions(), options, "a new list with the same values");
        Assert.AreEqual(new ResNet18GruOptions().GetHashCode(), options.GetHashCode());
        Assert.AreNotEqual(new ResNet18GruOptions(), options with { ClipStd = [0.2f, 0.225f, 0.225f] });
        Assert.AreNotEqual(new ResNet18GruOptions(), options with { HiddenSize = 8 });
        // The same shared settings in the other model's configuration are another configuration.
        Assert.AreNotEqual<FrozenResNet18Options>(new ResNet18GruOptions(), new ResNet18TimeSformerOptions { BackboneSize = 128 });
    }

    [TestMethod]
    public void Gflops_At128Px_IsAThirdOf224Px()
    {
        // torchvision's ResNet18 is 1.81 G multiply-adds per 224 px frame; the package's has a third block of 512
        // channels at 7x7 (2 * 49 * 512 * 512 * 9 = 0.23 G more).
        double at224 = ModelComplexity.ResNet18GruGflops(new ResNet18GruOptions { Frames = 1, BackboneSize = 224, HiddenSize = 1, NumClasses = 1 });
        double at128 = ModelComplexity.ResNet18GruGflops(new ResNet18GruOptions { Frames = 1, BackboneSize = 128, HiddenSize = 1, NumClasses = 1 });

        Assert.AreEqual(2.05, at224, 0.02);
        Assert.AreEqual(128.0 * 128 / (224 * 224), at128 / at224, 0.03);
    }

    /// <summary>The package's preprocessing and ResNet18 models, chained in ONNX Runtime on one RGB picture (0-255).</summary>
    private static Tensor PackageFeatures(Tensor rgb)
    {
        string network = ResNet18OnnxImport.DefaultPath;
        string preprocess = Path.Combine(Path.GetDirectoryName(network)!, ResNet18OnnxImport.PreprocessRelativePath);
        float[] Run(string path, float[] input)
        {
            using var session = OnnxTestModels.Session(path);
            using var value = OrtValue.CreateTensorValueFromMemory(input, [1, 3, 224, 224]);
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, [session.InputNames[0]], [value], [session.OutputNames[0]]);
            return outputs[0].GetTensorDataAsSpan<float>().ToArray();
        }
        var features = Run(network, Run(preprocess, rgb.contiguous().data<float>().ToArray()));
        return tensor(features, [1, 512]);
    }
}

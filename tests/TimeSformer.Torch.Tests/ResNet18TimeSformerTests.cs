using Onnx;
using TimeSformer.Contract;
using TimeSformer.Torch.Checkpoints;
using TimeSformer.Torch.Export;
using TimeSformer.Torch.Model;
using TimeSformer.Torch.Tests.Fixtures;
using TimeSformer.Torch.Training;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Tests;

/// <summary>The hybrid TimeSformer: tokens from the maps of the frozen pretrained ResNet18 (truncated after a stage),
/// projected by a 1x1 convolution, optionally plus pixel patches, under divided space-time attention.</summary>
[TestClass]
public sealed class ResNet18TimeSformerTests
{
    public TestContext TestContext { get; set; } = null!;

    // Tiny: 2 frames of 16 px, resized to 32 px for ResNet18 (stage 3: a 2x2 map, so pixel patches of 8 px), width 16.
    private static ResNet18TimeSformerOptions Tiny(int stage = 3, bool pixels = true, int imageSize = 16, int backboneSize = 32) => new()
    {
        ImageSize = imageSize, Frames = 2, NumClasses = 3, BackboneSize = backboneSize, Stage = stage, PixelPatches = pixels,
        EmbedDim = 16, Depth = 2, NumHeads = 2,
    };

    [TestMethod]
    [DataRow(3, true)]
    [DataRow(2, false)]
    public void Forward_ClipBatch_OnlyProjectionAndTransformerTrainAndAllGetGradients(int stage, bool pixels)
    {
        using var model = ResNet18OnnxImport.CreateModel(Tiny(stage, pixels));
        using var clips = randn([3, 2, 3, 16, 16]);

        using var logits = model.call(clips);
        logits.sum().backward();

        CollectionAssert.AreEqual(new long[] { 3, 3 }, logits.shape);
        var names = model.named_parameters().Select(p => p.name).ToList();
        Assert.IsTrue(names.All(n => n.StartsWith("feature_proj.", StringComparison.Ordinal) || n.StartsWith("transformer.", StringComparison.Ordinal)),
            $"trainable: {string.Join(", ", names)}");
        Assert.AreEqual(pixels, names.Contains("transformer.patch_embed.proj.weight"));
        foreach (var (name, p) in model.named_parameters())
            Assert.IsNotNull(p.grad, $"{name} has no gradient");
        // The truncated trunk holds the stem and the blocks through the stage: stage 3 has 15 convolutions, stage 2 has 10.
        int convs = ResNet18Layout.ConvolutionsThrough(stage).Count();
        Assert.AreEqual(stage == 3 ? 15 : 10, convs);
        var buffers = model.named_buffers().Select(b => b.name).ToList();
        Assert.HasCount(convs * 2 + 2, buffers, string.Join(", ", buffers));
        Assert.IsTrue(buffers.All(b => b.StartsWith("backbone.", StringComparison.Ordinal)));
        Assert.IsTrue(model.named_buffers().All(b => !b.buffer.requires_grad));
    }

    [TestMethod]
    public void Maps_TruncatedTrunk_EqualTheFullNetworksIntermediateMaps()
    {
        // The truncated network pooled equals nothing of the full one, but its maps must be the full network's: the
        // full one's pooled features are the stage-4 maps averaged, and stage 4 runs on the stage-3 maps.
        var options = Tiny(stage: 3, imageSize: 64, backboneSize: 64);
        using var hybrid = ResNet18OnnxImport.CreateModel(options);
        using var full = ResNet18OnnxImport.CreateModel(new ResNet18GruOptions { ImageSize = 64, BackboneSize = 64, Frames = 2, NumClasses = 3 });
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var frames = randn([2, 3, 64, 64]);

        var maps = hybrid.Backbone.Maps(frames);
        var fullMaps = full.Backbone.Maps(frames);

        CollectionAssert.AreEqual(new long[] { 2, 256, 4, 4 }, maps.shape);
        CollectionAssert.AreEqual(new long[] { 2, 512, 2, 2 }, fullMaps.shape);
        Assert.AreEqual(4, hybrid.Backbone.MapSide);
        Assert.AreEqual(256, hybrid.Backbone.Channels);
        Assert.IsTrue(full.Backbone.call(frames).allclose(fullMaps.mean([2, 3]), rtol: 0, atol: 1e-6));
        foreach (var (name, buffer) in hybrid.Backbone.state_dict())
            Assert.IsTrue(buffer.eq(full.Backbone.state_dict()[name]).all().item<bool>(), $"{name} differs from the full network's");
    }

    [TestMethod]
    public void Trainer_TwoEpochs_BackboneBitIdenticalTrainablesMovedMapsCachedCheckpointRoundTrips()
    {
        string dir = Directory.CreateTempSubdirectory("resnet18timesformer-train-").FullName;
        try
        {
            var options = Tiny(imageSize: 32) with { NumClasses = 2 };
            using var model = ResNet18OnnxImport.CreateModel(options);
            var backboneBefore = model.Backbone.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
            var trainableBefore = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
            var data = MotionClips.Source(4, frames: 2, size: 32);

            var result = new Trainer(new TrainingOptions { Epochs = 2, BatchSize = 4, Seed = 1, Threads = 1, WarmupEpochs = 0 })
                .Train(model, MotionClips.Metadata(frames: 2, size: 32), data, null, dir);

            foreach (var (name, tensor) in model.Backbone.state_dict())
                Assert.IsTrue(tensor.eq(backboneBefore[name]).all().item<bool>(), $"frozen {name} changed");
            foreach (string name in new[] { "feature_proj.weight", "transformer.patch_embed.proj.weight", "transformer.blocks.0.attn.qkv.weight", "transformer.head.weight" })
                Assert.IsFalse(model.named_parameters().First(p => p.name == name).parameter.eq(trainableBefore[name]).all().item<bool>(), $"{name} did not train");
            Assert.AreEqual(8L, model.FeatureCacheMisses, "each of the 8 clips goes through the trunk once");
            Assert.AreEqual(8L, model.FeatureCacheHits, "the second epoch reads the cache");

            // The checkpoint holds the backbone: it rebuilds the same model without the package file.
            using var loaded = CheckpointLoader.Load(result.LastCheckpointPath);
            Assert.IsInstanceOfType<ResNet18TimeSformer>(loaded.Model);
            Assert.AreEqual(ModelArchitecture.ResNet18TimeSformer, loaded.Metadata.Architecture);
            Assert.AreEqual(options, ResNet18TimeSformerOptions.FromJson(loaded.Metadata.ConfigJson));
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
    public void Features_CacheOff_SameMapsAsCached()
    {
        using var model = ResNet18OnnxImport.CreateModel(Tiny());
        using var uncached = ResNet18OnnxImport.CreateModel(Tiny());
        uncached.FeatureCacheCapacity = 0;
        using var scope = NewDisposeScope();
        var clips = randn([2, 2, 3, 16, 16]);

        var first = model.Features(clips);
        var again = model.Features(clips);
        var reference = uncached.Features(clips);

        CollectionAssert.AreEqual(new long[] { 2, 2, 256, 2, 2 }, first.shape);
        Assert.AreEqual(2L, model.FeatureCacheHits);
        Assert.AreEqual(2L, model.FeatureCacheMisses);
        Assert.AreEqual(0L, uncached.FeatureCacheHits);
        Assert.IsTrue(first.eq(reference).all().item<bool>() && again.eq(reference).all().item<bool>(), "cached maps differ from computed ones");
        Assert.IsGreaterThan(0f, first.abs().sum().item<float>());
    }

    [TestMethod]
    [DataRow(3, true, 16, 32)]
    [DataRow(3, false, 32, 32)]
    [DataRow(2, true, 32, 32)]
    [DataRow(2, false, 24, 32)]
    [DataRow(3, true, 48, 64)]
    [DataRow(4, true, 32, 64)]
    [DataRow(2, true, 32, 32, true)]
    public void Export_ResNet18TimeSformer_OneGraphMatchesTorchSharp(int stage, bool pixels, int imageSize, int backboneSize, bool frameDifferences = false)
    {
        manual_seed(4);
        var options = Tiny(stage, pixels, imageSize, backboneSize) with { NumClasses = OnnxTestModels.Classes, FrameDifferences = frameDifferences };
        using var model = ResNet18OnnxImport.CreateModel(options);
        using (no_grad())
            foreach (var p in model.parameters())
                p.add_(randn_like(p) * 0.1);
        model.eval();
        using var file = OnnxTestModels.TempOnnx();
        var metadata = OnnxTestModels.Metadata(new TimeSformerOptions { Frames = 2, ImageSize = imageSize, NumClasses = OnnxTestModels.Classes });

        var written = OnnxExporter.Export(model, metadata, file.Path);

        Assert.AreEqual(ModelArchitecture.ResNet18TimeSformer, written.Architecture);
        Assert.AreEqual(options, ResNet18TimeSformerOptions.FromJson(written.ConfigJson));
        var graph = ModelProto.Parser.ParseFrom(File.ReadAllBytes(file.Path)).Graph;
        var convs = graph.Node.Where(n => n.OpType == "Conv").Select(n => n.Name).ToList();
        Assert.AreEqual(ResNet18Layout.ConvolutionsThrough(stage).Count(), convs.Count(n => n.StartsWith("backbone/", StringComparison.Ordinal)));
        Assert.AreEqual(1, convs.Count(n => n.StartsWith("feature_proj/", StringComparison.Ordinal)));
        Assert.AreEqual(pixels ? 1 : 0, convs.Count(n => n.StartsWith("patch_embed/", StringComparison.Ordinal)));
        Assert.AreEqual(imageSize != backboneSize ? 1 : 0, graph.Node.Count(n => n.OpType == "Resize"));
        Assert.IsFalse(graph.Node.Any(n => n.OpType == "ReduceMean" && n.Name.StartsWith("backbone/", StringComparison.Ordinal)), "the maps are not pooled");
        double diff = OnnxTestModels.AssertOnnxRuntimeMatches(model, file.Path, options.Frames, options.ImageSize);
        if (frameDifferences)
            CollectionAssert.AreEqual(new long[] { 16, 6, 8, 8 }, model.state_dict()["transformer.patch_embed.proj.weight"].shape);
        TestContext.WriteLine($"stage {stage}, pixel patches {pixels}, {imageSize} px to {backboneSize} px: largest logit difference {diff:G3}");
    }

    [TestMethod]
    public void Options_JsonRoundTripAndInvalidSettings()
    {
        var options = Tiny(stage: 2) with { HeadDropRate = 0.25, DropPathRate = 0.1, MlpRatio = 2, ClipMean = [0.4f, 0.5f, 0.6f], ClipStd = [0.2f, 0.3f, 0.25f] };

        Assert.AreEqual(options, ResNet18TimeSformerOptions.FromJson(options.ToJson()));
        Assert.AreEqual(4, options.MapSide);
        Assert.AreEqual(128, options.MapChannels);
        Assert.AreEqual(4, options.Transformer.PatchSize);
        Assert.AreEqual(4, options.Transformer.PatchesPerSide);
        Assert.AreEqual(4, (options with { PixelPatches = false }).Transformer.PatchesPerSide);
        // Frame differences reach the transformer's pixel patches, and only when there are pixel patches.
        Assert.IsTrue((options with { FrameDifferences = true }).Transformer.FrameDifferences);
        Assert.IsFalse((options with { FrameDifferences = true, PixelPatches = false }).Transformer.FrameDifferences);
        Assert.AreEqual(options with { FrameDifferences = true }, ResNet18TimeSformerOptions.FromJson((options with { FrameDifferences = true }).ToJson()));
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => (options with { Stage = 1 }).Validate()).Message, "Stage");
        // 18 px clips cannot be cut into pixel patches on a 4x4 grid; without pixel patches the side is free.
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => (options with { ImageSize = 18 }).Validate()).Message, "multiple of the stage-2 map side");
        (options with { ImageSize = 18, PixelPatches = false }).Validate();
        Assert.ThrowsExactly<FormatException>(() => ResNet18TimeSformerOptions.FromJson("""{"backbone": "vgg"}"""));
    }

    [TestMethod]
    public void Recipe_CachesFeaturesAndCountsTheTruncatedTrunk()
    {
        var options = new ResNet18TimeSformerOptions { ImageSize = 32, Frames = 8, NumClasses = 8 };
        var recipe = ModelRecipe.ResNet18TimeSformer("h", options);

        Assert.IsTrue(recipe.CachesFeatures);
        Assert.AreEqual(ModelArchitecture.ResNet18TimeSformer, recipe.Architecture);
        // The defaults: stage-2 maps of 64 px frames, 8x8 tokens, no pixel patches.
        Assert.AreEqual((2, 64, 8, false), (options.Stage, options.BackboneSize, options.MapSide, options.PixelPatches));
        double trunk = 8 * ResNet18Layout.MultiplyAdds(64, 2) / 1e9;
        Assert.IsGreaterThan(trunk, recipe.Gflops);
        Assert.IsLessThan(8 * ResNet18Layout.MultiplyAdds(64) / 1e9, trunk, "stage 2 costs less than the whole network");
        Assert.IsTrue(typeof(ICachesFrozenFeatures).IsAssignableFrom(typeof(ResNet18TimeSformer)));
    }
}
